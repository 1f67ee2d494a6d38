import { failure, type ProbeOutcome, type ProbeResult } from '../domain/probe-result';
import type { Clock, Probe } from '../ports';

/**
 * Runs one probe, cutting it at `timeoutMs`: the probe's signal is aborted and the result is a `timeout`
 * failure even if the probe ignores the signal and never settles. A thrown error becomes an `error` failure.
 */
export function runWithTimeout(
  probe: Probe,
  timeoutMs: number,
  clock: Clock,
  stop?: AbortSignal,
): Promise<ProbeResult> {
  const startedAtMs = clock.now();
  const ctrl = new AbortController();
  const onStop = (): void => ctrl.abort();
  stop?.addEventListener('abort', onStop, { once: true });
  return new Promise<ProbeResult>((resolve) => {
    let settled = false;
    const finish = (outcome: ProbeOutcome): void => {
      if (settled) return;
      settled = true;
      clock.clearTimer(timer);
      stop?.removeEventListener('abort', onStop);
      resolve({ ...outcome, startedAtMs, durationSeconds: Math.max(0, clock.now() - startedAtMs) / 1000 });
    };
    const timer = clock.setTimer(() => {
      ctrl.abort();
      finish(failure('timeout', `timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    Promise.resolve()
      .then(() => probe.run(ctrl.signal))
      .then(finish, (err: unknown) =>
        finish(failure('error', (err as { message?: string } | undefined)?.message ?? String(err))),
      );
  });
}
