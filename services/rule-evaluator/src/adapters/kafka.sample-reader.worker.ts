// The consuming thread of ThreadedSampleSource: fetches `metrics.samples` with kafkajs and hands each fetched
// batch's raw messages to the main thread as one transferred buffer. Offsets are committed only once the
// main thread acknowledged that it applied the batch.
import { parentPort, workerData } from 'node:worker_threads';
import type { EachBatchPayload } from 'kafkajs';
import { createKafka, createLogger, groupConsumer } from '@streamwatch/metrics-core';
import { WindowRebuild } from './kafka.window-rebuild';
import { ReaderBuffers } from './reader-buffers';
import type { HandedBatch, ReaderCommand, ReaderEvent, ReaderSettings } from './kafka.threaded-sample-source';

const settings = workerData as ReaderSettings;
const port = parentPort as NonNullable<typeof parentPort>;
const post = (event: ReaderEvent, transfer: ArrayBuffer[] = []) => port.postMessage(event, transfer);
const logger = createLogger({ service: 'rule-evaluator', level: settings.logLevel }).child({
  component: 'sample-reader',
});
const kafka = createKafka({ brokers: settings.brokers, clientId: settings.clientId, logger });
const consumer = groupConsumer(kafka, settings.groupId, settings.sessionTimeoutMs);
let windowMs = settings.rebuildWindowMs;
const rebuild = new WindowRebuild({
  kafka,
  consumer,
  topic: settings.topic,
  groupId: settings.groupId,
  windowMs: () => windowMs,
  now: Date.now,
  logger,
  onJoined: (partitions) => post({ type: 'replaying', partitions }),
});

/** Batches handed over and not yet acknowledged, by id: what to commit once they are. */
const handed = new Map<number, { topic: string; partition: number; offset: string }>();
let nextId = 0;
const buffers = new ReaderBuffers(settings.maxBatchesInFlight + 1);
let waiting: Array<() => void> = [];
/** Acknowledged offsets to commit (the next offset to read, by partition). */
const toCommit = new Map<string, { topic: string; partition: number; offset: string }>();
let committing: Promise<void> | undefined;

/** Commits the acknowledged offsets, one request at a time; resolves once none is left. */
function commit(): Promise<void> {
  if (committing === undefined && toCommit.size > 0)
    committing = (async () => {
      while (toCommit.size > 0) {
        const offsets = [...toCommit.values()];
        toCommit.clear();
        // after a rebalance the partition may be someone else's: its new owner re-reads from the last commit
        await consumer
          .commitOffsets(offsets)
          .catch((err: Error) => logger.warn({ err: err.message }, 'offset commit failed'));
      }
      committing = undefined;
    })();
  return committing ?? Promise.resolve();
}

async function eachBatch(payload: EachBatchPayload): Promise<void> {
  const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
  await rebuild.settled();
  if (!isRunning() || isStale()) return;
  const messages = batch.messages;
  if (messages.length === 0) return;
  while (handed.size >= settings.maxBatchesInFlight) {
    await Promise.race([new Promise<void>((r) => waiting.push(r)), new Promise((r) => setTimeout(r, 1000))]);
    if (!isRunning() || isStale()) return;
    await heartbeat();
  }
  let length = 0;
  for (const m of messages) length += m.value?.length ?? 0;
  const bytes = buffers.take(length);
  const ends = new Int32Array(messages.length);
  const keys: Array<string | null> = [];
  const offsets: string[] = [];
  const wasReplaying = rebuild.isReplayingPartition(batch.partition);
  let replayed = 0;
  let at = 0;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i] as (typeof messages)[number];
    if (m.value) bytes.set(m.value, at);
    at += m.value?.length ?? 0;
    ends[i] = at;
    keys.push(m.key ? m.key.toString() : null);
    offsets.push(m.offset);
    if (rebuild.isReplay(batch.partition, m.offset)) replayed = i + 1;
    rebuild.read(batch.partition, m.offset);
  }
  const last = messages[messages.length - 1] as (typeof messages)[number];
  const id = nextId++;
  handed.set(id, {
    topic: batch.topic,
    partition: batch.partition,
    offset: String(BigInt(last.offset) + 1n),
  });
  const handedBatch: HandedBatch = {
    type: 'batch',
    id,
    topic: batch.topic,
    partition: batch.partition,
    bytes,
    ends,
    keys,
    offsets,
    replayed,
    replayEnds: wasReplaying && !rebuild.isReplayingPartition(batch.partition),
    highWatermark: batch.highWatermark,
  };
  post(handedBatch, [bytes.buffer as ArrayBuffer]);
  resolveOffset(last.offset);
  await heartbeat();
}

async function stop(): Promise<void> {
  await consumer.stop();
  const deadline = Date.now() + settings.stopTimeoutMs;
  while (handed.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await commit();
  await consumer.disconnect();
  post({ type: 'stopped', unacknowledged: handed.size });
}

port.on('message', (command: ReaderCommand) => {
  if (command.type === 'ack') {
    const done = handed.get(command.id);
    if (done === undefined) return;
    handed.delete(command.id);
    if (command.bytes !== undefined) buffers.give(command.bytes);
    windowMs = command.rebuildWindowMs;
    toCommit.set(`${done.topic}:${done.partition}`, done);
    void commit();
    const woken = waiting;
    waiting = [];
    for (const wake of woken) wake();
  } else if (command.type === 'stop') {
    stop().catch((err: Error) => post({ type: 'failed', message: err.message }));
  }
});

(async () => {
  await consumer.connect();
  await consumer.subscribe({ topics: [settings.topic], fromBeginning: settings.fromBeginning });
  await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch });
  post({ type: 'started' });
})().catch((err: Error) => post({ type: 'failed', message: err.message }));
