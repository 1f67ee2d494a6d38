import type { Sample } from '@streamwatch/metrics-core';
import type { ProbeResult } from './probe-result';
import type { ProbeType } from './target';

/**
 * Blackbox-style samples for one probe result, as published to Kafka:
 * labels `{job="health-check", instance=<target>, target=<target>, type=<probe type>}`, timestamp = probe start.
 */
export function resultSamples(target: string, type: ProbeType, r: ProbeResult): Sample[] {
  const labels = { job: 'health-check', instance: target, target, type };
  const timestampMs = Math.round(r.startedAtMs);
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
