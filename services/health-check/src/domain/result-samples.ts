import type { Sample } from '@streamwatch/metrics-core';
import type { ProbeResult } from './probe-result';
import type { ProbeType } from './target';

/**
 * Blackbox-style samples for one probe result, as published to Kafka:
 * labels `{job="health-check", instance=<target>, target=<target>, type=<probe type>}`, timestamped when the
 * result became known (probe start + duration). Stamping the start would make every timed-out probe's
 * failure arrive a whole timeout late, past a streaming evaluator's allowed lateness, exactly when it matters.
 */
export function resultSamples(target: string, type: ProbeType, r: ProbeResult): Sample[] {
  const labels = { job: 'health-check', instance: target, target, type };
  const timestampMs = Math.round(r.startedAtMs + r.durationSeconds * 1000);
  const samples: Sample[] = [
    { name: 'probe_success', labels, value: r.success ? 1 : 0, timestampMs },
    { name: 'probe_duration_seconds', labels, value: r.durationSeconds, timestampMs },
  ];
  if (r.httpStatusCode !== undefined)
    samples.push({ name: 'probe_http_status_code', labels, value: r.httpStatusCode, timestampMs });
  if (r.sslEarliestCertExpiry !== undefined)
    samples.push({
      name: 'probe_ssl_earliest_cert_expiry',
      labels,
      value: r.sslEarliestCertExpiry,
      timestampMs,
    });
  return samples;
}
