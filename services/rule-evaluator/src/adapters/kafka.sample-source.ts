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
   * Kafka key. A WireFormatError it throws marks the message corrupt; it is then skipped.
   */
  handleMessage?: (message: Buffer, replay: boolean, key: string | null) => Promise<void> | void;
  /** Called after each fetched batch of one partition was handled (e.g. to evaluate once per fetch under load). */
  onFetchEnd?: () => void;
  onCorrupt?: (err: WireFormatError, ctx: MessageContext) => void;
  onLag?: (partition: number, lag: number) => void;
}

/**
 * Consumes `metrics.samples` through the shared BatchConsumer, in this thread (see ThreadedSampleSource for
 * the consumer in a thread of its own). Windows are rebuilt on joining the group (WindowRebuild).
 */
export class KafkaSampleSource {
  private readonly consumer: BatchConsumer<SampleBatch | Buffer>;
  private readonly rebuild: WindowRebuild;
  private readonly log: Logger;

  constructor(private readonly opts: KafkaSampleSourceOptions) {
    this.log = opts.logger.child({ component: 'sample-source' });
    const raw = opts.handleMessage;
    this.consumer = new BatchConsumer<SampleBatch | Buffer>({
      kafka: opts.kafka,
      groupId: opts.groupId,
      topics: [opts.topic],
      fromBeginning: opts.fromBeginning,
      logger: opts.logger,
      decode: raw ? (buf) => buf : decodeSampleBatch,
      handle: raw
        ? (buf, ctx) => this.handleRaw(raw, buf as Buffer, ctx)
        : (batch, ctx) => opts.handle(batch as SampleBatch, this.rebuild.isReplay(ctx.partition, ctx.offset)),
      onCorrupt: opts.onCorrupt,
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

  /** True until the first group join's seeks are issued, then while any assigned partition re-reads history. */
  isReplaying(): boolean {
    return this.rebuild.isReplaying();
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  private async handleRaw(
    raw: NonNullable<KafkaSampleSourceOptions['handleMessage']>,
    buf: Buffer,
    ctx: MessageContext,
  ): Promise<void> {
    try {
      await raw(buf, this.rebuild.isReplay(ctx.partition, ctx.offset), ctx.key);
    } catch (err) {
      if (!(err instanceof WireFormatError)) throw err;
      reportCorrupt(err, ctx, this.log, this.opts.onCorrupt);
    }
  }
}
