export type HealthState = 'unknown' | 'up' | 'down';

export interface ThresholdState {
  state: HealthState;
  /** When `state` was entered (ms); for `unknown`, when monitoring started. */
  sinceMs: number;
  consecutiveSuccesses: number;
  consecutiveFailures: number;
}

export interface Thresholds {
  failureThreshold: number;
  successThreshold: number;
}

export function initialThresholdState(nowMs: number): ThresholdState {
  return { state: 'unknown', sinceMs: nowMs, consecutiveSuccesses: 0, consecutiveFailures: 0 };
}

/**
 * Applies one probe result. The state flips only after `successThreshold` consecutive successes
 * (to up) or `failureThreshold` consecutive failures (to down); this also holds when leaving `unknown`.
 */
export function applyResult(
  prev: ThresholdState,
  success: boolean,
  atMs: number,
  t: Thresholds,
): ThresholdState {
  const consecutiveSuccesses = success ? prev.consecutiveSuccesses + 1 : 0;
  const consecutiveFailures = success ? 0 : prev.consecutiveFailures + 1;
  let state = prev.state;
  if (success && state !== 'up' && consecutiveSuccesses >= t.successThreshold) state = 'up';
  if (!success && state !== 'down' && consecutiveFailures >= t.failureThreshold) state = 'down';
  return {
    state,
    sinceMs: state === prev.state ? prev.sinceMs : atMs,
    consecutiveSuccesses,
    consecutiveFailures,
  };
}
