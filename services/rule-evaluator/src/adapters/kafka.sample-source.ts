import type { Kafka } from 'kafkajs';
import {
  BatchConsumer,
  decodeSampleBatch,
  WireFormatError,
  type MessageContext,
  type SampleBatch,
} from '@streamwatch/metrics-core';
import type { Logger } from 'pino';

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
 * Consumes `metrics.samples` through the shared BatchConsumer. On joining the group it seeks each newly
 * assigned partition back by the longest rule window (by timestamp) and marks messages up to the committed
 * offset as replay, so windows are rebuilt without alerting twice.
 */
export class KafkaSampleSource {
  private readonly consumer: BatchConsumer<SampleBatch | Buffer>;
  private readonly committed = new Map<number, bigint>();
  private readonly seen = new Set<number>();
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
        : (batch, ctx) => opts.handle(batch as SampleBatch, this.isReplay(ctx.partition, ctx.offset)),
      onCorrupt: opts.onCorrupt,
      onBatchDone: (b) => {
        opts.onLag?.(b.partition, Math.max(0, Number(b.highWatermark) - Number(b.lastOffset) - 1));
        opts.onFetchEnd?.();
      },
    });
    const c = this.consumer.kafkaConsumer;
    c.on(c.events.GROUP_JOIN, (e) => {
      const partitions = e.payload.memberAssignment[opts.topic] ?? [];
      void this.rebuild(partitions.filter((p) => !this.seen.has(p)));
    });
  }

  /** True while any assigned partition is still re-reading already evaluated messages. */
  isReplaying(): boolean {
    return this.committed.size > 0;
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
      await raw(buf, this.isReplay(ctx.partition, ctx.offset), ctx.key);
    } catch (err) {
      if (!(err instanceof WireFormatError)) throw err;
      this.opts.onCorrupt?.(err, ctx);
      this.log.warn(
        { topic: ctx.topic, partition: ctx.partition, offset: ctx.offset, problem: err.problem },
        'skipping corrupt message',
      );
    }
  }

  private isReplay(partition: number, offset: string): boolean {
    const until = this.committed.get(partition);
    if (until === undefined) return false;
    if (BigInt(offset) < until) return true;
    this.committed.delete(partition);
    return false;
  }

  private async rebuild(partitions: number[]): Promise<void> {
    if (partitions.length === 0) return;
    for (const p of partitions) this.seen.add(p);
    const windowMs = this.opts.rebuildWindowMs();
    if (windowMs <= 0) return;
    const admin = this.opts.kafka.admin();
    try {
      await admin.connect();
      const [committed] = await admin.fetchOffsets({ groupId: this.opts.groupId, topics: [this.opts.topic] });
      const latest = await admin.fetchTopicOffsets(this.opts.topic);
      const byTime = await admin.fetchTopicOffsetsByTimestamp(this.opts.topic, this.opts.now() - windowMs);
      for (const p of partitions) {
        const c = committed?.partitions.find((x) => x.partition === p);
        const high = latest.find((x) => x.partition === p)?.high ?? '0';
        const until = c && Number(c.offset) >= 0 ? c.offset : high;
        const target = byTime.find((x) => x.partition === p);
        if (!target || Number(target.offset) < 0) continue;
        if (Number(until) > Number(target.offset)) this.committed.set(p, BigInt(until));
        this.consumer.kafkaConsumer.seek({ topic: this.opts.topic, partition: p, offset: target.offset });
      }
      this.log.info(
        { partitions, windowMs, replayUntil: [...this.committed].map(([p, o]) => `${p}:${o}`) },
        'seeking back to rebuild windows',
      );
    } catch (err) {
      this.log.warn(
        { err: (err as Error).message },
        'window rebuild seek failed; continuing from committed offsets',
      );
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
