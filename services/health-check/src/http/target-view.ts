import type { ProbeResult } from '../domain/probe-result';
import type { TargetStatus } from '../domain/status-board';

const iso = (ms: number): string => new Date(ms).toISOString();

function resultView(r: ProbeResult) {
  return {
    time: iso(r.startedAtMs),
    success: r.success,
    durationSeconds: r.durationSeconds,
    ...(r.reason ? { reason: r.reason } : {}),
    ...(r.error ? { error: r.error } : {}),
    ...(r.httpStatusCode !== undefined ? { httpStatusCode: r.httpStatusCode } : {}),
    ...(r.sslEarliestCertExpiry !== undefined ? { sslEarliestCertExpiry: r.sslEarliestCertExpiry } : {}),
  };
}

/** JSON shape of `GET /api/v1/targets`; `history` holds the last `limit` results, newest last. */
export function targetView(t: TargetStatus, limit: number) {
  return {
    name: t.name,
    type: t.type,
    ...(t.description ? { description: t.description } : {}),
    status: t.state,
    ownStatus: t.ownState,
    blockedBy: t.blockedBy,
    dependsOn: t.dependsOn,
    critical: t.critical,
    since: iso(t.sinceMs),
    lastError: t.lastError
      ? { message: t.lastError.message, reason: t.lastError.reason, time: iso(t.lastError.atMs) }
      : null,
    lastResult: t.lastResult ? resultView(t.lastResult) : null,
    history: limit > 0 ? t.history.slice(-limit).map(resultView) : [],
  };
}
