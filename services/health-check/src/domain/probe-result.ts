/** Why a probe failed; also the `reason` label of the failure counter, so the set is closed. */
export const FAILURE_REASONS = [
  'timeout',
  'connection',
  'unexpected_status',
  'body_mismatch',
  'slow_response',
  'tls',
  'dns',
  'missing_topic',
  'error',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

/** What a probe reports; the runner adds timing. */
export interface ProbeOutcome {
  success: boolean;
  reason?: FailureReason;
  error?: string;
  httpStatusCode?: number;
  /** Unix seconds of the earliest `notAfter` in the presented certificate chain. */
  sslEarliestCertExpiry?: number;
}

export interface ProbeResult extends ProbeOutcome {
  startedAtMs: number;
  durationSeconds: number;
}

export function failure(
  reason: FailureReason,
  error: string,
  extra: Partial<ProbeOutcome> = {},
): ProbeOutcome {
  return { ...extra, success: false, reason, error };
}
