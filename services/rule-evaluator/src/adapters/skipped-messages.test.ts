import type { MessageContext } from '@streamwatch/metrics-core';
import pino from 'pino';
import { SkippedMessages, SKIPPED_LOG_INTERVAL_MS } from './skipped-messages';

const ctx = (offset: number): MessageContext => ({
  topic: 'metrics.samples',
  partition: 3,
  offset: String(offset),
  key: 'job\xffinstance',
  timestampMs: NaN,
});

it('counts every skipped message and logs at most once a minute, with how many were skipped since', () => {
  let now = 1_000_000;
  const lines: Array<{ msg: string; offset: string; skipped: number; err: { message: string } }> = [];
  const log = pino({ level: 'error' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const counted: string[] = [];
  const skipped = new SkippedMessages(
    log,
    (err, c) => counted.push(`${c.offset}: ${err.message}`),
    () => now,
  );

  skipped.report(new Error('boom'), ctx(1));
  now += 1000;
  skipped.report('not an Error', ctx(2));
  now += SKIPPED_LOG_INTERVAL_MS - 2000;
  skipped.report(new Error('boom'), ctx(3));
  expect(lines.map((l) => [l.offset, l.skipped, l.err.message])).toEqual([['1', 1, 'boom']]);

  now += 1000;
  skipped.report(new Error('again'), ctx(4));
  expect(counted).toEqual(['1: boom', '2: not an Error', '3: boom', '4: again']);
  expect(lines.map((l) => [l.offset, l.skipped, l.err.message])).toEqual([
    ['1', 1, 'boom'],
    ['4', 3, 'again'],
  ]);
});
