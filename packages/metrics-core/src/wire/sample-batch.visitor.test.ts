import { randomBytes } from 'node:crypto';
import type { Labels, SampleSource } from '../sample/sample';
import { isStaleNaN, STALE_NAN } from '../sample/staleness';
import {
  decodeSampleBatch,
  encodeSampleBatch,
  type SampleBatch,
  type SeriesPoints,
} from './sample-batch.codec';
import { visitSampleBatch, type SampleBatchVisitor } from './sample-batch.visitor';
import { WireFormatError } from './wire-error';

/** Rebuilds a SampleBatch from the visitor callbacks, as decodeSampleBatch would return it. */
class Collect {
  source: SampleSource = 'unknown';
  strings: readonly string[] = [];
  out: SeriesPoints[] = [];

  begin(source: SampleSource, strings: readonly string[]): void {
    this.source = source;
    this.strings = strings;
  }

  seriesCallback(nameRef: number, refs: Int32Array, count: number): void {
    const labels: Labels = {};
    for (let j = 0; j < count; j++) labels[this.strings[refs[2 * j]!]!] = this.strings[refs[2 * j + 1]!]!;
    this.out.push({ name: this.strings[nameRef]!, labels, points: [] });
  }

  point(timestampMs: number, value: number, stale: boolean): void {
    this.out[this.out.length - 1]!.points.push(
      stale ? { timestampMs, value, stale } : { timestampMs, value },
    );
  }
}

function visit(buf: Buffer): SampleBatch {
  const c = new Collect();
  const visitor: SampleBatchVisitor = {
    begin: (s, t) => c.begin(s, t),
    series: (n, r, k) => c.seriesCallback(n, r, k),
    point: (t, v, s) => c.point(t, v, s),
  };
  visitSampleBatch(buf, visitor);
  return { source: c.source, series: c.out };
}

const batch: SampleBatch = {
  source: 'remote_write',
  series: [
    {
      name: 'http_requests_total',
      labels: { job: 'api', instance: 'a:1', path: '/ü' },
      points: [
        { timestampMs: 1_700_000_000_000, value: 1 },
        { timestampMs: 1_699_999_999_000, value: -3 },
      ],
    },
    {
      name: 'up',
      labels: { job: 'api', instance: 'a:1' },
      points: [
        { timestampMs: 0, value: NaN },
        { timestampMs: 1, value: Infinity },
        { timestampMs: 3, value: STALE_NAN },
        { timestampMs: -5, value: Number.MAX_VALUE },
        { timestampMs: 8_640_000_000_000_000, value: Number.MIN_VALUE },
      ],
    },
    { name: 'no_labels', labels: {}, points: [] },
    {
      name: 'many',
      labels: Object.fromEntries(
        Array.from({ length: 40 }, (_, i) => [`l${String(i).padStart(2, '0')}`, `v${i}`]),
      ),
      points: [{ timestampMs: 7, value: 7 }],
    },
  ],
};

describe('visitSampleBatch', () => {
  it('yields exactly what decodeSampleBatch returns, staleness markers flagged', () => {
    const buf = encodeSampleBatch(batch);
    const visited = visit(buf);
    expect(visited).toEqual(decodeSampleBatch(buf));
    const up = visited.series[1]!.points;
    expect(up.map((p) => p.stale === true)).toEqual([false, false, true, false, false]);
    expect(isStaleNaN(up[2]!.value)).toBe(true);
    expect(Number.isNaN(up[0]!.value) && !isStaleNaN(up[0]!.value)).toBe(true);
  });

  it('agrees with decodeSampleBatch on random batches', () => {
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let i = 0; i < 50; i++) {
      const series = Array.from({ length: 1 + rnd(20) }, (_, s) => ({
        name: `m_${rnd(5)}`,
        labels: Object.fromEntries(Array.from({ length: rnd(6) }, (_, j) => [`l${j}`, `v${rnd(10)}_${s}`])),
        points: Array.from({ length: rnd(5) }, (_, k) => ({
          timestampMs: 1_700_000_000_000 + k * 1000 - rnd(3000),
          value: rnd(3) === 0 ? STALE_NAN : rnd(1000) / 7,
        })),
      }));
      const buf = encodeSampleBatch({ source: 'push', series });
      expect(visit(buf)).toEqual(decodeSampleBatch(buf));
    }
  });

  const corrupt: Array<[string, Buffer, string]> = [
    ['empty', Buffer.alloc(0), 'bad_magic'],
    ['bad magic', Buffer.from('XX\x01\x00\x00\x00'), 'bad_magic'],
    ['unknown version', Buffer.from([0x53, 0x57, 9, 0, 0, 0]), 'unknown_version'],
    ['unknown source', Buffer.from([0x53, 0x57, 1, 200, 0, 0]), 'corrupt'],
    ['truncated', encodeSampleBatch(batch).subarray(0, 40), 'corrupt'],
    ['truncated value', encodeSampleBatch(batch).subarray(0, encodeSampleBatch(batch).length - 3), 'corrupt'],
    ['trailing bytes', Buffer.concat([encodeSampleBatch(batch), Buffer.from([0])]), 'corrupt'],
    ['huge count', Buffer.from([0x53, 0x57, 1, 0, 0xff, 0xff, 0xff, 0x7f]), 'corrupt'],
    ['bad string ref', Buffer.from([0x53, 0x57, 1, 0, 0, 1, 5, 0, 0]), 'corrupt'],
  ];

  it.each(corrupt)('rejects %s with the same typed error as decodeSampleBatch', (_name, buf, problem) => {
    expect(() => visit(buf)).toThrow(WireFormatError);
    try {
      visit(buf);
    } catch (err) {
      expect((err as WireFormatError).problem).toBe(problem);
    }
    expect(() => decodeSampleBatch(buf)).toThrow(WireFormatError);
  });

  it('accepts exactly the inputs decodeSampleBatch accepts, throwing only WireFormatError', () => {
    const good = encodeSampleBatch(batch);
    for (let i = 0; i < 2000; i++) {
      const buf = i % 2 ? randomBytes(i % 64) : Buffer.from(good);
      if (i % 2 === 0) {
        const at = 4 + (i % (buf.length - 4));
        buf[at] = (buf[at] ?? 0) ^ (1 + (i % 255));
      }
      let decoded: SampleBatch | undefined;
      try {
        decoded = decodeSampleBatch(buf);
      } catch {
        decoded = undefined;
      }
      let visited: SampleBatch | undefined;
      try {
        visited = visit(buf);
      } catch (err) {
        expect(err).toBeInstanceOf(WireFormatError);
      }
      expect(visited === undefined).toBe(decoded === undefined);
      if (decoded && visited) expect(visited).toEqual(decoded);
    }
  });
});
