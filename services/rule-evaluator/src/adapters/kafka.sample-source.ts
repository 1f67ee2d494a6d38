import type { Kafka } from 'kafkajs';
import {
  BatchConsumer,
  decodeSampleBatch,
  reportCorrupt,
  WireFormatError,
  type MessageContext,
  type SampleBatch,
} from '@streamwatch/metrics-core';
import type { Logger } from 'pino';
import { WindowRebuild } from './kafka.window-rebuild';
import { SkippedMessages } from './skipped-messages';

export interface KafkaSampleSourceOptions {
  kafka: Kafka;
  topic: string;
  groupId: string;
  /** Where a new consumer group starts: the beginning of the topic, or (default) its end. */
  fromBeginning?: boolean;
  logger: Logger;
  /** How far back to re-read on start to rebuild windows; 0 disables the seek. */
  rebuildWindowMs: () => number;
  now: () => number;
  /** `replay` is true for messages before the group's committed offset (or, for a new group, the end of the topic) at start. */
  handle: (batch: SampleBatch, replay: boolean) => Promise<void> | void;
  /**
   * When set, used instead of `handle`: gets each raw message (to decode straight into the windows) and its
   * Kafka key. A WireFormatError it throws marks the message corrupt; it is then skipped. Anything else either
   * handler throws skips the message too (committed, not re-read), counted through `onSkipped`.
   */
  handleMessage?: (message: Buffer, replay: boolean, key: string | null) => Promise<void> | void;
  /**
   * Called after each fetched batch of one partition was handled (e.g. to evaluate once per fetch under load),
   * after its offsets were committed (unlike ThreadedSampleSource, which commits once this settled).
   */
  onFetchEnd?: () => void;
  onCorrupt?: (err: WireFormatError, ctx: MessageContext) => void;
  /** A message whose handler threw something other than a WireFormatError (logged at most once a minute). */
  onSkipped?: (err: Error, ctx: MessageContext) => void;
  onLag?: (partition: number, lag: number) => void;
  /** Group session timeout (default 10 s): after a kill -9, the partitions wait this long for a new owner. */
  sessionTimeoutMs?: number;
}

/**
 * Consumes `metrics.samples` through the shared BatchConsumer, in this thread (see ThreadedSampleSource for
 * the consumer in a thread of its own). Windows are rebuilt on joining the group (WindowRebuild).
 */
export class KafkaSampleSource {
  private readonly consumer: BatchConsumer<SampleBatch | Buffer>;
  private readonly rebuild: WindowRebuild;
  private readonly log: Logger;
  private readonly skipped: SkippedMessages;

  constructor(private readonly opts: KafkaSampleSourceOptions) {
    this.log = opts.logger.child({ component: 'sample-source' });
    this.skipped = new SkippedMessages(this.log, opts.onSkipped);
    const raw = opts.handleMessage;
    this.consumer = new BatchConsumer<SampleBatch | Buffer>({
      kafka: opts.kafka,
      groupId: opts.groupId,
      topics: [opts.topic],
      fromBeginning: opts.fromBeginning,
      logger: opts.logger,
      decode: raw ? (buf) => buf : decodeSampleBatch,
      handle: raw
        ? (buf, ctx) => this.contained(ctx, (replay) => raw(buf as Buffer, replay, ctx.key))
        : (batch, ctx) => this.contained(ctx, (replay) => opts.handle(batch as SampleBatch, replay)),
      // (only decoded batches come here: a raw message's handler reports its own, in `contained`)
      onCorrupt: (err, ctx) => {
        this.rebuild.read(ctx.partition, ctx.offset);
        opts.onCorrupt?.(err, ctx);
      },
      sessionTimeoutMs: opts.sessionTimeoutMs ?? 10_000,
      beforeBatch: () => this.rebuild.settled(),
      onBatchDone: (b) => {
        opts.onLag?.(b.partition, Math.max(0, Number(b.highWatermark) - Number(b.lastOffset) - 1));
        opts.onFetchEnd?.();
      },
    });
    this.rebuild = new WindowRebuild({
      kafka: opts.kafka,
      consumer: this.consumer.kafkaConsumer,
      topic: opts.topic,
      groupId: opts.groupId,
      windowMs: opts.rebuildWindowMs,
      now: opts.now,
      logger: opts.logger,
    });
  }

  /**
   * True until the first group join's seeks are issued, then while any assigned partition re-reads history
   * (up to its last replayed message handled: messages are handled in this thread as they are asked about).
   */
  isReplaying(): boolean {
    return this.rebuild.isReplaying();
  }

  /** The assigned partitions still re-reading, ascending (none before the join: see `isReplaying`). */
  replayingPartitions(): number[] {
    return this.rebuild.replayingPartitions();
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  /**
   * Handles one message; whatever it throws skips it (counted), so the consumer neither stops nor loops on it.
   * Its partition stops replaying only once it was handled.
   */
  private async contained(
    ctx: MessageContext,
    handle: (replay: boolean) => Promise<void> | void,
  ): Promise<void> {
    try {
      await handle(this.rebuild.isReplay(ctx.partition, ctx.offset));
    } catch (err) {
      if (err instanceof WireFormatError) reportCorrupt(err, ctx, this.log, this.opts.onCorrupt);
      else this.skipped.report(err, ctx);
    } finally {
      this.rebuild.read(ctx.partition, ctx.offset);
    }
  }
}
