import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { reportCorrupt, WireFormatError, type MessageContext } from '@streamwatch/metrics-core';
import type { Logger } from 'pino';
import { SerialRunner } from '../streaming/serial-runner';
import { SkippedMessages } from './skipped-messages';

/** What the reader thread is started with. */
export interface ReaderSettings {
  brokers: string[];
  clientId: string;
  topic: string;
  groupId: string;
  fromBeginning: boolean;
  rebuildWindowMs: number;
  logLevel: string;
  /** Batches handed over and not yet applied before the reader waits. */
  maxBatchesInFlight: number;
  /** How long stopping waits for handed-over batches to be applied (and then committed). */
  stopTimeoutMs: number;
  /** The group member's session timeout: how long a killed process holds its partitions. */
  sessionTimeoutMs: number;
}

/** One fetched batch of one partition: message i is `bytes[ends[i-1] .. ends[i])`. */
export interface HandedBatch {
  type: 'batch';
  id: number;
  topic: string;
  partition: number;
  bytes: Uint8Array;
  ends: Int32Array;
  keys: Array<string | null>;
  offsets: string[];
  /** Messages [0, replayed) re-read ones evaluated before (window rebuild). */
  replayed: number;
  /** The partition's replay ends with message `replayed - 1` (before the first message when `replayed` is 0). */
  replayEnds: boolean;
  highWatermark: string;
}

export type ReaderEvent =
  | HandedBatch
  | { type: 'started' }
  /** A group join's seeks are issued: the assigned partitions re-reading history (the rest are live). */
  | { type: 'replaying'; partitions: number[] }
  | { type: 'stopped'; unacknowledged: number }
  | { type: 'failed'; message: string };

export type ReaderCommand =
  /** `bytes`: the batch's buffer, handed back for the next batches (nothing here reads it any more). */
  { type: 'ack'; id: number; rebuildWindowMs: number; bytes?: ArrayBuffer } | { type: 'stop' };

export interface ThreadedSampleSourceOptions {
  brokers: string[];
  clientId: string;
  topic: string;
  groupId: string;
  fromBeginning?: boolean;
  logger: Logger;
  logLevel: string;
  /** How far back to re-read on joining to rebuild windows; 0 disables the seek. */
  rebuildWindowMs: () => number;
  /**
   * Each raw message with its Kafka key. A WireFormatError it throws marks the message corrupt, anything else
   * failed; either way the message is skipped (and committed), and counted.
   */
  handleMessage: (message: Buffer, replay: boolean, key: string | null) => Promise<void> | void;
  /** Called after each fetched batch of one partition was handled; the batch is committed once it settles. */
  onFetchEnd?: () => Promise<void> | void;
  onCorrupt?: (err: WireFormatError, ctx: MessageContext) => void;
  /** A message whose handler threw something other than a WireFormatError (logged at most once a minute). */
  onSkipped?: (err: Error, ctx: MessageContext) => void;
  onLag?: (partition: number, lag: number) => void;
  /** The reader thread failed after it started (it cannot consume any more). */
  onFailure?: (err: Error) => void;
  maxBatchesInFlight?: number;
  stopTimeoutMs?: number;
  /** Group session timeout (default 10 s): after a kill -9, the partitions wait this long for a new owner. */
  sessionTimeoutMs?: number;
}

/**
 * Consumes `metrics.samples` with kafkajs in a thread of its own, so fetching and parsing the next batch
 * overlaps with applying this one: the reader thread hands over each fetched batch (one transferred buffer),
 * this thread applies its messages in order, then acknowledges, and only then is the offset committed. At most
 * `maxBatchesInFlight` batches wait. Windows are rebuilt on joining the group as in KafkaSampleSource.
 *
 * Which partitions are still re-reading history is tracked here, message by message as they are applied:
 * the reader thread is ahead by the batches in flight, so its own view would end a replay too early.
 */
export class ThreadedSampleSource {
  private worker: Worker | undefined;
  private readonly serial = new SerialRunner();
  private readonly log: Logger;
  private readonly skipped: SkippedMessages;
  /** Until the reader thread has joined the group and issued its seeks, nothing is known: replaying. */
  private joined = false;
  /** Assigned partitions whose replayed messages are not all applied yet. */
  private replaying = new Set<number>();
  private stopped: ((unacknowledged: number) => void) | undefined;

  constructor(private readonly opts: ThreadedSampleSourceOptions) {
    this.log = opts.logger.child({ component: 'sample-source' });
    this.skipped = new SkippedMessages(this.log, opts.onSkipped);
  }

  /**
   * True until the reader thread joined the group and issued its seeks, then while any assigned partition is
   * still re-reading already evaluated messages: until its last replayed message has been applied here.
   */
  isReplaying(): boolean {
    return !this.joined || this.replaying.size > 0;
  }

  /** The assigned partitions still re-reading, ascending (none before the join: see `isReplaying`). */
  replayingPartitions(): number[] {
    return [...this.replaying].sort((a, b) => a - b);
  }

  async start(): Promise<void> {
    const settings: ReaderSettings = {
      brokers: this.opts.brokers,
      clientId: this.opts.clientId,
      topic: this.opts.topic,
      groupId: this.opts.groupId,
      fromBeginning: this.opts.fromBeginning ?? false,
      rebuildWindowMs: this.opts.rebuildWindowMs(),
      logLevel: this.opts.logLevel,
      maxBatchesInFlight: this.opts.maxBatchesInFlight ?? 4,
      stopTimeoutMs: this.opts.stopTimeoutMs ?? 10_000,
      sessionTimeoutMs: this.opts.sessionTimeoutMs ?? 10_000,
    };
    const worker = new Worker(READER_SCRIPT, { workerData: settings });
    this.worker = worker;
    let started = false;
    await new Promise<void>((resolve, reject) => {
      // before it started, a failure is start()'s rejection; after, onFailure's
      const failed = (err: Error) => {
        if (this.stopped) this.stopped(-1);
        else if (started) this.opts.onFailure?.(err);
        else void worker.terminate();
        reject(err);
      };
      worker.on('error', failed);
      worker.on('exit', (code) => {
        this.worker = undefined;
        if (this.stopped) this.stopped(-1);
        else failed(new Error(`sample reader thread exited (${code})`));
      });
      worker.on('message', (event: ReaderEvent) => {
        if (event.type === 'batch')
          this.serial
            .run(() => this.apply(event))
            .catch((err: Error) => this.log.error({ err }, 'applying a batch failed'));
        else if (event.type === 'replaying')
          void this.serial.run(() => {
            this.joined = true;
            this.replaying = new Set(event.partitions);
          });
        else if (event.type === 'started') {
          started = true;
          resolve();
        } else if (event.type === 'stopped') this.stopped?.(event.unacknowledged);
        else failed(new Error(`sample reader: ${event.message}`));
      });
    });
  }

  /** Stops consuming once the batches handed over are applied and committed. */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (worker === undefined) return;
    const unacknowledged = await new Promise<number>((resolve) => {
      this.stopped = resolve;
      const command: ReaderCommand = { type: 'stop' };
      worker.postMessage(command);
    });
    if (unacknowledged > 0)
      this.log.warn({ unacknowledged }, 'stopped before every handed-over batch was applied');
    await worker.terminate();
    this.worker = undefined;
  }

  /** Applies a batch's messages in order, then (once `onFetchEnd` settled) acknowledges it for commit. */
  private async apply(batch: HandedBatch): Promise<void> {
    const all = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength);
    if (batch.replayEnds && batch.replayed === 0) this.replaying.delete(batch.partition);
    let from = 0;
    for (let i = 0; i < batch.ends.length; i++) {
      const to = batch.ends[i] as number;
      const key = batch.keys[i] as string | null;
      try {
        await this.opts.handleMessage(all.subarray(from, to), i < batch.replayed, key);
      } catch (err) {
        const ctx: MessageContext = {
          topic: batch.topic,
          partition: batch.partition,
          offset: batch.offsets[i] as string,
          key,
          timestampMs: NaN,
        };
        if (err instanceof WireFormatError) reportCorrupt(err, ctx, this.log, this.opts.onCorrupt);
        else this.skipped.report(err, ctx);
      }
      if (batch.replayEnds && i === batch.replayed - 1) this.replaying.delete(batch.partition);
      from = to;
    }
    const last = batch.offsets[batch.offsets.length - 1] as string;
    this.opts.onLag?.(batch.partition, Math.max(0, Number(batch.highWatermark) - Number(last) - 1));
    // what the batch changed reaches the outputs (alert state first) before its offset is committed
    try {
      await this.opts.onFetchEnd?.();
    } catch (err) {
      this.log.error({ err }, 'evaluating after a fetch failed');
    }
    const bytes = batch.bytes.buffer as ArrayBuffer;
    const ack: ReaderCommand = {
      type: 'ack',
      id: batch.id,
      rebuildWindowMs: this.opts.rebuildWindowMs(),
      bytes,
    };
    this.worker?.postMessage(ack, [bytes]);
  }
}

/** The reader thread's script: compiled JavaScript, also when this module runs from source (tests build first). */
const READER_SCRIPT = join(__dirname, '..', '..', 'dist', 'adapters', 'kafka.sample-reader.worker.js');
