import type { Sample, SampleProducer, SampleSource } from '@streamwatch/metrics-core';
import type { KnownSeries } from '../domain/known-series';
import { groupPartsByShard, type SeriesSamples } from '../domain/shard-series';
import { SendCoalescer, type SendCoalescerOptions } from '../ingest/send-coalescer';
import type { SampleSink } from '../ports';

/** What the sink needs of metrics-core's SampleProducer. */
export type ShardProducer = Pick<
  SampleProducer,
  'connect' | 'isConnected' | 'publish' | 'encodeShards' | 'sendRaw'
>;

interface PendingSamples extends SeriesSamples {
  source: SampleSource;
}

/** Rough wire bytes per point (timestamp delta + value), as the producer's message splitting counts them. */
const POINT_BYTES = 12;

function weightOf(part: PendingSamples): number {
  let bytes = 0;
  for (const s of part.series) bytes += s.labelBytes + POINT_BYTES;
  return bytes;
}

/**
 * SampleSink over metrics-core's SampleProducer (acks=all, keyed by shard key). Requests arriving while
 * Kafka sends are in flight share the next send (see SendCoalescer): their samples are grouped by shard
 * key and series together, in arrival order, so one message per key carries all of them. After a
 * disconnect the producer is reconnected on the next send, so ingestion resumes when the broker returns.
 */
export class KafkaSampleSink implements SampleSink {
  private connecting: Promise<void> | undefined;
  private readonly coalescer: SendCoalescer<PendingSamples>;

  constructor(
    private readonly producer: ShardProducer,
    coalescing: SendCoalescerOptions = { maxInFlight: 1, maxWeight: 1_000_000 },
  ) {
    this.coalescer = new SendCoalescer((parts) => this.sendParts(parts), weightOf, coalescing);
  }

  async publish(
    samples: readonly Sample[],
    source: SampleSource,
    series?: readonly KnownSeries[],
  ): Promise<void> {
    if (series) return this.coalescer.submit({ samples, series, source });
    if (!this.producer.isConnected()) await this.reconnect();
    await this.producer.publish(samples, source);
  }

  private async sendParts(parts: PendingSamples[]): Promise<void> {
    if (!this.producer.isConnected()) await this.reconnect();
    const bySource = new Map<SampleSource, PendingSamples[]>();
    for (const part of parts) {
      const same = bySource.get(part.source);
      if (same) same.push(part);
      else bySource.set(part.source, [part]);
    }
    const messages: Array<{ key: string; value: Buffer }> = [];
    for (const [source, group] of bySource)
      for (const m of this.producer.encodeShards(groupPartsByShard(group), source)) messages.push(m);
    if (messages.length > 0) await this.producer.sendRaw(messages);
  }

  private reconnect(): Promise<void> {
    this.connecting ??= this.producer.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }
}
