import type { Sample, SampleProducer } from '@streamwatch/metrics-core';
import type { SampleSink } from '../ports';

/** Publishes result samples to `metrics.samples` with source `health_check`. */
export function kafkaSampleSink(producer: Pick<SampleProducer, 'publish'>): SampleSink {
  return {
    publish: async (samples: readonly Sample[]) => {
      await producer.publish(samples, 'health_check');
    },
  };
}
