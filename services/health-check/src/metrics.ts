import { Counter, Gauge, Summary, type Registry } from 'prom-client';
import { FAILURE_REASONS } from './domain/probe-result';
import type { TargetStateSummary } from './domain/status-board';
import { PROBE_TYPES } from './domain/target';

export const TARGET_STATES = ['unknown', 'up', 'down', 'blocked'] as const;

/** Blackbox-style probe gauges plus the service's own scheduling and publishing metrics. */
export function createHealthCheckMetrics(registry: Registry, states: () => TargetStateSummary[] = () => []) {
  const registers = [registry];
  const m = {
    probeSuccess: new Gauge({
      name: 'probe_success',
      help: 'Whether the last probe succeeded (1) or failed (0)',
      labelNames: ['target', 'type'],
      registers,
    }),
    probeDuration: new Gauge({
      name: 'probe_duration_seconds',
      help: 'Duration of the last probe',
      labelNames: ['target', 'type'],
      registers,
    }),
    httpStatus: new Gauge({
      name: 'probe_http_status_code',
      help: 'HTTP status of the last probe (0 when none)',
      labelNames: ['target'],
      registers,
    }),
    sslExpiry: new Gauge({
      name: 'probe_ssl_earliest_cert_expiry',
      help: 'Unix time of the earliest certificate expiry in the chain',
      labelNames: ['target'],
      registers,
    }),
    targetState: new Gauge({
      name: 'streamwatch_healthcheck_target_state',
      help: 'Thresholded, dependency-aware state of each target (one-hot)',
      labelNames: ['target', 'state'],
      registers,
      collect() {
        for (const t of states())
          for (const s of TARGET_STATES) this.set({ target: t.name, state: s }, t.state === s ? 1 : 0);
      },
    }),
    targetFailing: new Gauge({
      name: 'streamwatch_healthcheck_target_failing',
      help: 'Whether the target is down on its own: failure_threshold reached, not blocked by a dependency',
      labelNames: ['target', 'type', 'critical'],
      registers,
      collect() {
        for (const t of states())
          this.set(
            { target: t.name, type: t.type, critical: String(t.critical) },
            t.state === 'down' ? 1 : 0,
          );
      },
    }),
    targetBlocked: new Gauge({
      name: 'streamwatch_healthcheck_target_blocked',
      help: 'Target blocked by a down dependency (one series per root cause, while blocked)',
      labelNames: ['target', 'blocked_by'],
      registers,
      collect() {
        this.reset();
        for (const t of states())
          for (const cause of t.blockedBy) this.set({ target: t.name, blocked_by: cause }, 1);
      },
    }),
    probeFailures: new Counter({
      name: 'streamwatch_healthcheck_probe_failures_total',
      help: 'Failed probes by reason',
      labelNames: ['type', 'reason'],
      registers,
    }),
    probes: new Counter({
      name: 'streamwatch_healthcheck_probes_total',
      help: 'Probes run',
      labelNames: ['type'],
      registers,
    }),
    drift: new Summary({
      name: 'streamwatch_healthcheck_schedule_drift_seconds',
      help: 'Delay between a probe run planned time and its start (last 60 s)',
      percentiles: [0.5, 0.9, 0.99],
      maxAgeSeconds: 60,
      ageBuckets: 6,
      registers,
    }),
    skipped: new Counter({
      name: 'streamwatch_healthcheck_skipped_runs_total',
      help: 'Runs skipped because the previous run of the target was still pending',
      registers,
    }),
    inFlight: new Gauge({
      name: 'streamwatch_healthcheck_probes_in_flight',
      help: 'Probes running now',
      registers,
    }),
    samplesPublished: new Counter({
      name: 'streamwatch_healthcheck_samples_published_total',
      help: 'Result samples acknowledged by Kafka',
      registers,
    }),
    publishFailures: new Counter({
      name: 'streamwatch_healthcheck_publish_failures_total',
      help: 'Failed attempts to publish result samples',
      registers,
    }),
    samplesDropped: new Counter({
      name: 'streamwatch_healthcheck_samples_dropped_total',
      help: 'Result samples dropped because the publish buffer was full',
      registers,
    }),
  };
  for (const type of PROBE_TYPES) {
    m.probes.labels(type);
    for (const reason of FAILURE_REASONS) m.probeFailures.labels(type, reason);
  }
  return m;
}

export type HealthCheckMetrics = ReturnType<typeof createHealthCheckMetrics>;
