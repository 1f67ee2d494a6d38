import { randomUUID } from 'node:crypto';
import { buildSampleMessages } from '@streamwatch/metrics-core';
import { nativeEnv, waitFor } from '@streamwatch/test-support';
import { itKafka } from '../streaming/it-kafka';
import { KafkaSampleSource } from './kafka.sample-source';
import { ThreadedSampleSource } from './kafka.threaded-sample-source';

// Which partitions are still re-reading their history after a restart, as the evaluation sees it: ticks and
// evaluations over every source wait for the replay, so it must neither end early nor never end.

const brokers = nativeEnv().KAFKA_BROKERS!.split(',');
const { kafka, logger, newTopic, deleteTopics } = itKafka(brokers);

afterAll(deleteTopics);

/** Sends one single-sample message per value to the given partition. */
async function sendTo(topic: string, partition: number, values: number[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  for (const value of values) {
    const labels = { job: 'it', instance: `v${value}` };
    const messages = buildSampleMessages(
      [{ name: 'it_replay', labels, value, timestampMs: Date.now() }],
      'push',
    );
    await producer.send({ topic, messages: messages.map((m) => ({ ...m, partition })) });
  }
  await producer.disconnect();
}

/** The sample value of a one-sample message (its only double: the last 8 bytes). */
const valueOf = (message: Buffer) => message.readDoubleLE(message.length - 8);

interface Reader {
  start(): Promise<void>;
  stop(): Promise<void>;
  isReplaying(): boolean;
  replayingPartitions(): number[];
}
type Make = (
  topic: string,
  groupId: string,
  rebuildWindowMs: number,
  handleMessage: (m: Buffer, replay: boolean) => void,
) => Reader;

const threaded: Make = (topic, groupId, rebuildWindowMs, handleMessage) =>
  new ThreadedSampleSource({
    brokers,
    clientId: groupId,
    topic,
    groupId,
    fromBeginning: true,
    logger,
    logLevel: 'warn',
    rebuildWindowMs: () => rebuildWindowMs,
    handleMessage,
  });
const inThread: Make = (topic, groupId, rebuildWindowMs, handleMessage) =>
  new KafkaSampleSource({
    kafka,
    topic,
    groupId,
    fromBeginning: true,
    logger,
    now: () => Date.now(),
    rebuildWindowMs: () => rebuildWindowMs,
    handle: () => Promise.reject(new Error('unused')),
    handleMessage,
  });

it.each([
  ['in a reader thread', threaded],
  ['in this thread', inThread],
] as const)(
  'counts a partition as replaying until its last replayed message is handled, also when nothing follows (%s)',
  async (_, make) => {
    const topic = await newTopic(`it.rule-evaluator.replay.${randomUUID().slice(0, 8)}`, 2);
    const groupId = `it-replay-${randomUUID().slice(0, 8)}`;
    // partition p holds values p*100 + i
    await sendTo(topic, 0, [0, 1, 2]);
    await sendTo(topic, 1, [100, 101, 102]);
    const first: number[] = [];
    const a = make(topic, groupId, 0, (m) => void first.push(valueOf(m)));
    await a.start();
    await waitFor(async () => first.length === 6, 20_000);
    await a.stop();

    // after the restart only partition 0 gets something new; partition 1 has history and then nothing
    await sendTo(topic, 0, [3]);
    const handled: Array<{ value: number; replay: boolean; replaying: number[] }> = [];
    const b: Reader = make(topic, groupId, 3_600_000, (m, replay) =>
      handled.push({ value: valueOf(m), replay, replaying: b.replayingPartitions() }),
    );
    await b.start();
    try {
      await waitFor(async () => handled.length === 7, 20_000);
      await waitFor(async () => !b.isReplaying(), 5_000);
      expect(handled.filter((h) => h.replay).map((h) => h.value)).toEqual(
        expect.arrayContaining([0, 1, 2, 100, 101, 102]),
      );
      expect(handled.filter((h) => !h.replay).map((h) => h.value)).toEqual([3]);
      // while a message is handled, a partition counts as replaying while any of its replayed messages is not
      // handled yet (that one included)
      const left = new Map([
        [0, 3],
        [1, 3],
      ]);
      for (const h of handled) {
        const expected = [...left].filter(([, n]) => n > 0).map(([p]) => p);
        expect({ value: h.value, replaying: h.replaying }).toEqual({ value: h.value, replaying: expected });
        const p = Math.floor(h.value / 100);
        if (h.replay) left.set(p, (left.get(p) as number) - 1);
      }
      expect(b.replayingPartitions()).toEqual([]);
    } finally {
      await b.stop();
    }
  },
  60_000,
);
