import type { SampleLimits } from '@streamwatch/metrics-core';
import type { SampleRejection } from './rejection';

export interface IngestLimits {
  maxSamplesPerRequest: number;
  sample: SampleLimits;
  /** Samples older than now minus this are refused. */
  maxAgeMs: number;
  /** Samples newer than now plus this are refused. */
  maxFutureMs: number;
}

export function checkTimestampWindow(
  timestampMs: number,
  nowMs: number,
  limits: Pick<IngestLimits, 'maxAgeMs' | 'maxFutureMs'>,
): Pick<SampleRejection, 'reason' | 'field' | 'message'> | undefined {
  if (timestampMs < nowMs - limits.maxAgeMs)
    return {
      reason: 'timestamp_too_old',
      field: 'timestampMs',
      message: `timestamp ${new Date(timestampMs).toISOString()} is more than ${limits.maxAgeMs} ms in the past`,
    };
  if (timestampMs > nowMs + limits.maxFutureMs)
    return {
      reason: 'timestamp_too_new',
      field: 'timestampMs',
      message: `timestamp ${new Date(timestampMs).toISOString()} is more than ${limits.maxFutureMs} ms in the future`,
    };
  return undefined;
}
