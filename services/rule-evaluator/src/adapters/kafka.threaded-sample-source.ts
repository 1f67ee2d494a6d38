import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { reportCorrupt, WireFormatError, type MessageContext } from '@streamwatch/metrics-core';
import type { Logger } from 'pino';
import { SerialRunner } from '../streaming/serial-runner';

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
  highWatermark: string;
  replaying: boolean;
}

export type ReaderEvent =
  | HandedBatch
  | { type: 'started' }
  /** The first group join's seeks are issued: whether history is being re-read. */
  | { type: 'replaying'; replaying: boolean }
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
  /** Each raw message with its Kafka key; a WireFormatError it throws marks the message corrupt (skipped). */
  handleMessage: (message: Buffer, replay: boolean, key: string | null) => Promise<void> | void;
  /** Called after each fetched batch of one partition was handled. */
  onFetchEnd?: () => void;
  onCorrupt?: (err: WireFormatError, ctx: MessageContext) => void;
  onLag?: (partition: number, lag: number) => void;
  /** The reader thread failed after it started (it cannot consume any more). */
  onFailure?: (err: Error) => void;
  maxBatchesInFlight?: number;
  stopTimeoutMs?: number;
}

/**
 * Consumes `metrics.samples` with kafkajs in a thread of its own, so fetching and parsing the next batch
 * overlaps with applying this one: the reader thread hands over each fetched batch (one transferred buffer),
 * this thread applies its messages in order, then acknowledges, and only then is the offset committed. At most
 * `maxBatchesInFlight` batches wait. Windows are rebuilt on joining the group as in KafkaSampleSource.
 */
export class ThreadedSampleSource {
  private worker: Worker | undefined;
  private readonly serial = new SerialRunner();
  private readonly log: Logger;
  /** Until the reader thread has joined the group and issued its seeks, nothing is known: replaying. */
  private replaying = true;
  private stopped: ((unacknowledged: number) => void) | undefined;
  /** Set when a batch could not be applied: later ones are neither applied nor acknowledged (so not committed). */
  private broken = false;

  constructor(private readonly opts: ThreadedSampleSourceOptions) {
    this.log = opts.logger.child({ component: 'sample-source' });
  }

  /**
   * True until the reader thread joined the group and issued its seeks, then while any assigned partition is
   * still re-reading already evaluated messages (as of the last batch applied).
   */
  isReplaying(): boolean {
    return this.replaying;
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
            .catch((err: Error) => {
              // not a corrupt message but a failure to apply one: unacknowledged, it is read again after a restart
              this.broken = true;
              this.log.error({ err }, 'applying a batch failed');
              this.opts.onFailure?.(err);
            });
        else if (event.type === 'replaying')
          void this.serial.run(() => {
            this.replaying = event.replaying;
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

  private async apply(batch: HandedBatch): Promise<void> {
    if (this.broken) return;
    this.replaying = batch.replaying;
    const all = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength);
    let from = 0;
    for (let i = 0; i < batch.ends.length; i++) {
      const to = batch.ends[i] as number;
      const key = batch.keys[i] as string | null;
      try {
        await this.opts.handleMessage(all.subarray(from, to), i < batch.replayed, key);
      } catch (err) {
        if (!(err instanceof WireFormatError)) throw err;
        const ctx: MessageContext = {
          topic: batch.topic,
          partition: batch.partition,
          offset: batch.offsets[i] as string,
          key,
          timestampMs: NaN,
        };
        reportCorrupt(err, ctx, this.log, this.opts.onCorrupt);
      }
      from = to;
    }
    const last = batch.offsets[batch.offsets.length - 1] as string;
    this.opts.onLag?.(batch.partition, Math.max(0, Number(batch.highWatermark) - Number(last) - 1));
    this.opts.onFetchEnd?.();
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
