import type { Sample, SampleProducer, SampleSource } from '@streamwatch/metrics-core';
import type { KnownSeries } from '../domain/known-series';
import { groupByShard } from '../domain/shard-series';
import type { SampleSink } from '../ports';

/**
 * SampleSink over metrics-core's SampleProducer (acks=all, keyed by shard key). After a disconnect the
 * producer is reconnected on the next publish, so ingestion resumes when the broker returns.
 */
export class KafkaSampleSink implements SampleSink {
  private connecting: Promise<void> | undefined;

  constructor(private readonly producer: SampleProducer) {}

  async publish(
    samples: readonly Sample[],
    source: SampleSource,
    series?: readonly KnownSeries[],
  ): Promise<void> {
    if (!this.producer.isConnected()) await this.reconnect();
    if (series) await this.producer.publishShards(groupByShard(samples, series), source);
    else await this.producer.publish(samples, source);
  }

  private reconnect(): Promise<void> {
    this.connecting ??= this.producer.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }
}
