import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { WireFormatError } from '../wire/wire-error';

export interface MessageContext {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  timestampMs: number;
}

export interface BatchConsumerOptions<T> {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  logger: Logger;
  decode: (value: Buffer) => T;
  handle: (value: T, ctx: MessageContext) => Promise<void> | void;
  /** Called for each message that cannot be decoded; it is then skipped. */
  onCorrupt?: (err: WireFormatError, ctx: MessageContext) => void;
  /** Runs after every processed batch, e.g. to export lag. */
  onBatchDone?: (info: {
    topic: string;
    partition: number;
    highWatermark: string;
    lastOffset: string;
  }) => void;
  sessionTimeoutMs?: number;
  /** Awaited before each batch; a batch that went stale meanwhile (its partition was seeked) is dropped. */
  beforeBatch?: () => Promise<void>;
}

function contextOf(topic: string, partition: number, m: KafkaMessage): MessageContext {
  return {
    topic,
    partition,
    offset: m.offset,
    key: m.key ? m.key.toString() : null,
    timestampMs: Number(m.timestamp),
  };
}

/** A group consumer with the settings every Streamwatch consumer uses (30 s session, 3 s heartbeat, 100 ms fetch wait). */
export function groupConsumer(kafka: Kafka, groupId: string, sessionTimeoutMs = 30_000): Consumer {
  return kafka.consumer({
    groupId,
    sessionTimeout: sessionTimeoutMs,
    heartbeatInterval: 3_000,
    maxWaitTimeInMs: 100,
  });
}

/** Reports a message that cannot be decoded (counted through `onCorrupt`, logged); the caller skips it. */
export function reportCorrupt(
  err: WireFormatError,
  ctx: MessageContext,
  logger: Logger,
  onCorrupt?: (err: WireFormatError, ctx: MessageContext) => void,
): void {
  onCorrupt?.(err, ctx);
  logger.warn(
    { topic: ctx.topic, partition: ctx.partition, offset: ctx.offset, problem: err.problem },
    'skipping corrupt message',
  );
}

/**
 * Runs a consumer with eachBatch: an offset is resolved only after its message was handled (or counted as
 * corrupt and skipped), heartbeats flow during long batches, and the loop stops on rebalance or shutdown.
 * A handler error leaves the offset unresolved so kafkajs retries from that message.
 */
export class BatchConsumer<T> {
  private readonly consumer: Consumer;
  private running = false;

  constructor(private readonly opts: BatchConsumerOptions<T>) {
    this.consumer = groupConsumer(opts.kafka, opts.groupId, opts.sessionTimeoutMs);
  }

  get kafkaConsumer(): Consumer {
    return this.consumer;
  }

  isRunning(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: this.opts.topics,
      fromBeginning: this.opts.fromBeginning ?? false,
    });
    await this.consumer.run({ eachBatchAutoResolve: false, eachBatch: (p) => this.eachBatch(p) });
    this.running = true;
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary } = payload;
    if (this.opts.beforeBatch) {
      await this.opts.beforeBatch();
      if (!isRunning() || isStale()) return;
    }
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      const ctx = contextOf(batch.topic, batch.partition, message);
      let value: T | undefined;
      let decoded = false;
      try {
        value = this.opts.decode(message.value ?? Buffer.alloc(0));
        decoded = true;
      } catch (err) {
        if (!(err instanceof WireFormatError)) throw err;
        reportCorrupt(err, ctx, this.opts.logger, this.opts.onCorrupt);
      }
      if (decoded) await this.opts.handle(value as T, ctx);
      resolveOffset(message.offset);
      await heartbeat();
    }
    await commitOffsetsIfNecessary();
    const last = batch.messages[batch.messages.length - 1];
    if (last)
      this.opts.onBatchDone?.({
        topic: batch.topic,
        partition: batch.partition,
        highWatermark: batch.highWatermark,
        lastOffset: last.offset,
      });
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.consumer.disconnect();
  }
}
