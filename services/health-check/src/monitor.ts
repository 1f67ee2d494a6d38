import type { Sample } from '@streamwatch/metrics-core';
import type { Logger } from 'pino';
import type { ProbeResult } from './domain/probe-result';
import { resultSamples } from './domain/result-samples';
import type { StatusBoard } from './domain/status-board';
import type { Target } from './domain/target';
import type { HealthCheckMetrics } from './metrics';

export interface MonitorDeps {
  targets: readonly Target[];
  board: StatusBoard;
  metrics: HealthCheckMetrics;
  samples: { add(samples: readonly Sample[]): void };
  logger: Logger;
}

/** Fans one probe result out to the status board, the blackbox gauges and the Kafka sample buffer. */
export function createMonitor(deps: MonitorDeps): { onResult(name: string, result: ProbeResult): void } {
  const types = new Map(deps.targets.map((t) => [t.name, t.probe.type]));
  const log = deps.logger.child({ component: 'monitor' });
  const { metrics } = deps;

  return {
    onResult(name, result) {
      const type = types.get(name);
      if (!type) return;
      metrics.probes.inc({ type });
      metrics.probeSuccess.set({ target: name, type }, result.success ? 1 : 0);
      metrics.probeDuration.set({ target: name, type }, result.durationSeconds);
      if (type === 'http') metrics.httpStatus.set({ target: name }, result.httpStatusCode ?? 0);
      if (result.sslEarliestCertExpiry !== undefined)
        metrics.sslExpiry.set({ target: name }, result.sslEarliestCertExpiry);
      if (!result.success) metrics.probeFailures.inc({ type, reason: result.reason ?? 'error' });
      deps.samples.add(resultSamples(name, type, result));
      const transition = deps.board.record(name, result);
      if (transition)
        log.info({ ...transition, error: result.error }, `target ${name} is now ${transition.to}`);
    },
  };
}
