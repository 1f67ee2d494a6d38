import { randomUUID } from 'node:crypto';
import { decodeSampleBatch, SampleProducer, WireFormatError } from '@streamwatch/metrics-core';
import { nativeEnv, waitFor } from '@streamwatch/test-support';
import pino from 'pino';
import { itKafka } from '../streaming/it-kafka';
import { KafkaSampleSource } from './kafka.sample-source';
import { ThreadedSampleSource, type ThreadedSampleSourceOptions } from './kafka.threaded-sample-source';

const brokers = nativeEnv().KAFKA_BROKERS!.split(',');
const { kafka, logger, newTopic: makeTopic, deleteTopics } = itKafka(brokers);

afterAll(deleteTopics);

const newTopic = () => makeTopic(`it.rule-evaluator.reader.${randomUUID().slice(0, 8)}`);

/** Publishes `count` single-sample messages (one key each) and returns their values in order. */
async function publish(topic: string, count: number, from = 0): Promise<number[]> {
  const producer = new SampleProducer(kafka, { topic });
  await producer.connect();
  const values: number[] = [];
  for (let i = from; i < from + count; i++) {
    values.push(i);
    await producer.publish(
      [{ name: 'it_reader', labels: { job: 'it', instance: `i${i}` }, value: i, timestampMs: Date.now() }],
      'push',
    );
  }
  await producer.disconnect();
  return values;
}

async function committedOffset(groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
  await admin.disconnect();
  return Number(t?.partitions[0]?.offset ?? -1);
}

type SourceOptions = Partial<ThreadedSampleSourceOptions>;

const newGroupId = () => `it-reader-${randomUUID().slice(0, 8)}`;

function source(topic: string, groupId: string, over: SourceOptions) {
  return new ThreadedSampleSource({
    brokers,
    clientId: groupId,
    topic,
    groupId,
    fromBeginning: true,
    logger,
    logLevel: 'warn',
    rebuildWindowMs: () => 0,
    handleMessage: () => undefined,
    ...over,
  });
}

/** The sample value of a one-sample message (its only double: the last 8 bytes). */
const valueOf = (message: Buffer) => message.readDoubleLE(message.length - 8);

it('hands every message over in order, skips a corrupt one with a count, and commits only what was applied', async () => {
  const topic = await newTopic();
  const groupId = newGroupId();
  const expected = await publish(topic, 5);
  const raw = kafka.producer();
  await raw.connect();
  await raw.send({ topic, messages: [{ key: 'bad', value: Buffer.from('not a sample batch') }] });
  await raw.disconnect();
  expected.push(...(await publish(topic, 5, 5)));

  const seen: number[] = [];
  const handed: string[] = [];
  const corrupt: string[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const reader = source(topic, groupId, {
    handleMessage: async (message, replay, key) => {
      await gate;
      handed.push(`${replay} ${key}`);
      decodeSampleBatch(message);
      seen.push(valueOf(message));
    },
    onCorrupt: (err, ctx) => corrupt.push(`${err instanceof WireFormatError} ${ctx.offset} ${ctx.key}`),
  });
  await reader.start();
  try {
    await new Promise((r) => setTimeout(r, 3000));
    expect(seen).toEqual([]);
    expect(await committedOffset(groupId, topic)).toBe(-1);
    release();
    await waitFor(async () => seen.length === expected.length, 20_000);
    expect(seen).toEqual(expected);
    expect(handed.filter((h) => h !== 'false bad')).toEqual(expected.map((i) => `false it\u00ffi${i}`));
    expect(corrupt).toEqual(['true 5 bad']);
    await waitFor(async () => (await committedOffset(groupId, topic)) === 11, 10_000);
  } finally {
    release();
    await reader.stop();
  }
}, 60_000);

it('reads batch after batch of other sizes through the buffers it hands back, without mixing their bytes', async () => {
  const topic = await newTopic();
  const groupId = newGroupId();
  const seen: Array<[number, string]> = [];
  const reader = source(topic, groupId, {
    maxBatchesInFlight: 1,
    handleMessage: (message) => {
      const batch = decodeSampleBatch(message);
      seen.push([valueOf(message), batch.series[0]?.labels.pad ?? '']);
    },
  });
  await reader.start();
  const expected: Array<[number, string]> = [];
  try {
    const producer = new SampleProducer(kafka, { topic });
    await producer.connect();
    // each phase is read as batches of its own: large, small, larger, small again
    for (const [phase, [count, pad]] of [
      [4, 3000],
      [3, 10],
      [6, 9000],
      [2, 1],
    ].entries()) {
      for (let i = 0; i < (count as number); i++) {
        const value = phase * 100 + i;
        const label = String.fromCharCode(97 + ((value + i) % 26)).repeat(pad as number);
        expected.push([value, label]);
        await producer.publish(
          [
            {
              name: 'it_reader',
              labels: { job: 'it', instance: `p${phase}`, pad: label },
              value,
              timestampMs: Date.now(),
            },
          ],
          'push',
        );
      }
      await waitFor(async () => seen.length === expected.length, 20_000);
    }
    await producer.disconnect();
    expect(seen).toEqual(expected);
  } finally {
    await reader.stop();
  }
}, 60_000);

it('rejects start() with the broker error when it cannot connect, without calling onFailure', async () => {
  const failures: Error[] = [];
  const reader = new ThreadedSampleSource({
    brokers: ['127.0.0.1:1'],
    clientId: 'it-unreachable',
    topic: 'it.rule-evaluator.unreachable',
    groupId: 'it-unreachable',
    logger,
    logLevel: 'fatal',
    rebuildWindowMs: () => 0,
    handleMessage: () => undefined,
    onFailure: (err) => failures.push(err),
  });
  await expect(reader.start()).rejects.toThrow(/ECONNREFUSED/);
  expect(failures).toEqual([]);
}, 60_000);

/** The consumer in this thread, for the same tests. */
function inThread(topic: string, groupId: string, over: SourceOptions) {
  return new KafkaSampleSource({
    kafka,
    topic,
    groupId,
    fromBeginning: true,
    now: () => Date.now(),
    rebuildWindowMs: over.rebuildWindowMs ?? (() => 0),
    handle: () => Promise.reject(new Error('unused')),
    handleMessage: over.handleMessage,
    onSkipped: over.onSkipped,
    logger: over.logger ?? logger,
  });
}

/** Each behaviour below holds for both ways of consuming. */
const BOTH_PATHS = [
  ['in a reader thread', source],
  ['in this thread', inThread],
] as const;

it.each(BOTH_PATHS)(
  'marks messages read again after a restart as replay when it seeks back to rebuild windows (%s)',
  async (_, source) => {
    const topic = await newTopic();
    const groupId = newGroupId();
    await publish(topic, 4);
    const first: number[] = [];
    const a = source(topic, groupId, { handleMessage: (m) => void first.push(valueOf(m)) });
    await a.start();
    await waitFor(async () => first.length === 4, 20_000);
    await a.stop();
    expect(await committedOffset(groupId, topic)).toBe(4);

    await publish(topic, 2, 4);
    const second: Array<[number, boolean]> = [];
    const b = source(topic, groupId, {
      rebuildWindowMs: () => 3_600_000,
      handleMessage: (m, replay) => void second.push([valueOf(m), replay]),
    });
    await b.start();
    try {
      // Before the join's seeks, history may follow: ticks must not yet run on the empty windows.
      expect(second).toEqual([]);
      expect(b.isReplaying()).toBe(true);
      await waitFor(async () => second.length === 6, 20_000);
      expect(second).toEqual([
        [0, true],
        [1, true],
        [2, true],
        [3, true],
        [4, false],
        [5, false],
      ]);
      expect(b.isReplaying()).toBe(false);
    } finally {
      await b.stop();
    }
  },
  60_000,
);

it.each(BOTH_PATHS)(
  'is replaying from start until it joined the group, then not on an idle topic, so ticks run without samples (%s)',
  async (_, source) => {
    const topic = await newTopic();
    const groupId = newGroupId();
    const reader = source(topic, groupId, {
      rebuildWindowMs: () => 3_600_000,
      handleMessage: () => undefined,
    });
    await reader.start();
    try {
      expect(reader.isReplaying()).toBe(true);
      await waitFor(async () => !reader.isReplaying(), 20_000);
    } finally {
      await reader.stop();
    }
  },
  60_000,
);

it.each(BOTH_PATHS)(
  'skips a message whose handler throws: counted, logged once, the ones after it applied and committed (%s)',
  async (_, source) => {
    const topic = await newTopic();
    const groupId = newGroupId();
    await publish(topic, 5);
    const seen: number[] = [];
    const skipped: string[] = [];
    const failures: string[] = [];
    const logged: string[] = [];
    const reader = source(topic, groupId, {
      logger: pino({ level: 'error' }, { write: (line: string) => void logged.push(line) }),
      handleMessage: (m) => {
        if (valueOf(m) === 2 || valueOf(m) === 3) throw new Error(`evaluation broke at ${valueOf(m)}`);
        seen.push(valueOf(m));
      },
      onSkipped: (err, ctx) => skipped.push(`${err.message}, offset ${ctx.offset}`),
      onFailure: (err) => failures.push(err.message),
    });
    await reader.start();
    try {
      await waitFor(async () => seen.length === 3, 20_000);
      await publish(topic, 2, 5);
      await waitFor(async () => seen.length === 5, 20_000);
      expect(seen).toEqual([0, 1, 4, 5, 6]);
      expect(skipped).toEqual(['evaluation broke at 2, offset 2', 'evaluation broke at 3, offset 3']);
      expect(failures).toEqual([]);
      expect(logged.filter((l) => l.includes('skipping a message that failed to apply'))).toHaveLength(1);
      await waitFor(async () => (await committedOffset(groupId, topic)) === 7, 10_000);
    } finally {
      await reader.stop();
    }
  },
  60_000,
);
