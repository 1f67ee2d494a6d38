import {
  isRetriable,
  retry,
  type RetryOptions,
  type SampleBatch,
  type SeriesPoints,
} from '@streamwatch/metrics-core';
import type { Logger } from 'pino';
import type { CollectorMetrics } from '../metrics';
import type { RemoteWriteTarget } from '../ports';

export interface PushForwarderDeps {
  target: RemoteWriteTarget;
  metrics: CollectorMetrics;
  logger: Logger;
  retry: Omit<RetryOptions, 'shouldRetry'>;
}

function inTimestampOrder(series: readonly SeriesPoints[]): SeriesPoints[] {
  return series.map((s) => ({ ...s, points: [...s.points].sort((a, b) => a.timestampMs - b.timestampMs) }));
}

/**
 * Handles one Kafka batch: forwards it to Prometheus only when it came from the JSON push (scraped and
 * remote-written samples are never forwarded, so no loop forms). A 4xx from Prometheus is final: the batch
 * is counted as rejected and skipped. Retriable failures are retried, then rethrown so the consumer
 * re-reads the message (at least once).
 */
export function createPushForwarder(deps: PushForwarderDeps): (batch: SampleBatch) => Promise<void> {
  const log = deps.logger.child({ component: 'push-forwarder' });
  return async (batch) => {
    if (batch.source !== 'push' || batch.series.length === 0) return;
    const count = batch.series.reduce((n, s) => n + s.points.length, 0);
    try {
      await retry(() => deps.target.write(inTimestampOrder(batch.series)), deps.retry);
      deps.metrics.forwardedSamples.inc({ outcome: 'forwarded' }, count);
    } catch (err) {
      if (isRetriable(err)) {
        deps.metrics.forwardedSamples.inc({ outcome: 'retry' }, count);
        throw err;
      }
      deps.metrics.forwardedSamples.inc({ outcome: 'rejected' }, count);
      log.warn(
        { err: (err as Error).message, samples: count },
        'prometheus refused forwarded samples; skipped',
      );
    }
  };
}
