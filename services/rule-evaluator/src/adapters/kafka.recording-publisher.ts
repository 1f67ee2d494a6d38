import type { Sample, SampleProducer } from '@streamwatch/metrics-core';
import type { SamplePublisher } from '../ports';

/** Recording-rule results go back to `metrics.samples` through the shared producer, source `recording_rule`. */
export class KafkaRecordingPublisher implements SamplePublisher {
  constructor(private readonly producer: SampleProducer) {}

  async publish(samples: Sample[]): Promise<void> {
    if (samples.length > 0) await this.producer.publish(samples, 'recording_rule');
  }
}
