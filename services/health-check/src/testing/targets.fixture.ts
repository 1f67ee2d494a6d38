import type { ProbeResult } from '../domain/probe-result';
import type { Target } from '../domain/target';

export function httpTarget(name: string, over: Partial<Target> = {}): Target {
  return {
    name,
    intervalMs: 10_000,
    timeoutMs: 2_000,
    failureThreshold: 1,
    successThreshold: 1,
    dependsOn: [],
    critical: true,
    probe: {
      type: 'http',
      url: `http://${name}/health`,
      method: 'GET',
      headers: {},
      expectedStatus: [200],
      tls: { insecureSkipVerify: false },
    },
    ...over,
  };
}

export function result(success: boolean, startedAtMs: number, extra: Partial<ProbeResult> = {}): ProbeResult {
  return {
    success,
    startedAtMs,
    durationSeconds: 0.012,
    ...(success ? {} : { reason: 'connection' as const, error: 'connect ECONNREFUSED 127.0.0.1:9092' }),
    ...extra,
  };
}
