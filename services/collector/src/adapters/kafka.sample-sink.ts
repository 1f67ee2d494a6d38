import type { SampleProducer, SampleSource } from '@streamwatch/metrics-core';
import type { AcceptedPoints } from '../domain/accepted-points';
import { shardMessages } from '../domain/shard-series';
import { SendCoalescer, type SendCoalescerOptions } from '../ingest/send-coalescer';
import type { SampleSink } from '../ports';

/** What the sink needs of metrics-core's SampleProducer. */
export type ShardProducer = Pick<SampleProducer, 'connect' | 'isConnected' | 'sendRaw' | 'maxMessageBytes'>;

interface PendingPoints {
  points: AcceptedPoints;
  source: SampleSource;
}

/**
 * SampleSink over metrics-core's SampleProducer (acks=all, keyed by shard key). Requests arriving while
 * Kafka sends are in flight share the next send (see SendCoalescer): their points are grouped by shard
 * key and series together, in arrival order, so one message per key carries all of them. After a
 * disconnect the producer is reconnected on the next send, so ingestion resumes when the broker returns.
 */
export class KafkaSampleSink implements SampleSink {
  private connecting: Promise<void> | undefined;
  private readonly coalescer: SendCoalescer<PendingPoints>;

  constructor(
    private readonly producer: ShardProducer,
    coalescing: SendCoalescerOptions = { maxInFlight: 1, maxWeight: 1_000_000 },
  ) {
    this.coalescer = new SendCoalescer(
      (parts) => this.sendParts(parts),
      (p) => p.points.bytes,
      coalescing,
    );
  }

  publish(points: AcceptedPoints, source: SampleSource): Promise<void> {
    return this.coalescer.submit({ points, source });
  }

  private async sendParts(parts: PendingPoints[]): Promise<void> {
    if (!this.producer.isConnected()) await this.reconnect();
    const bySource = new Map<SampleSource, AcceptedPoints[]>();
    for (const { points, source } of parts) {
      const same = bySource.get(source);
      if (same) same.push(points);
      else bySource.set(source, [points]);
    }
    const messages: Array<{ key: string; value: Buffer }> = [];
    for (const [source, group] of bySource)
      for (const m of shardMessages(group, source, this.producer.maxMessageBytes)) messages.push(m);
    if (messages.length > 0) await this.producer.sendRaw(messages);
  }

  private reconnect(): Promise<void> {
    this.connecting ??= this.producer.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }
}
