export type HealthStatus = 'pass' | 'warn' | 'fail';

export interface ProbeOutcome {
  status?: Exclude<HealthStatus, 'fail'>;
  output?: string;
  observedValue?: unknown;
  observedUnit?: string;
}

/** One dependency check, reported under `component:measurement`. */
export interface DependencyCheck {
  component: string;
  measurement?: string;
  componentType?: 'datastore' | 'component' | 'system';
  /** Critical checks decide readiness; others only warn. Default true. */
  critical?: boolean;
  timeoutMs?: number;
  probe: () => Promise<ProbeOutcome | void>;
}

export interface CheckResult {
  componentType: string;
  observedValue?: unknown;
  observedUnit?: string;
  status: HealthStatus;
  time: string;
  output?: string;
}

export interface HealthReport {
  status: HealthStatus;
  checks: Record<string, CheckResult[]>;
}

const DEFAULT_TIMEOUT_MS = 1500;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runOne(check: DependencyCheck, now: () => Date): Promise<CheckResult> {
  const started = process.hrtime.bigint();
  const base = { componentType: check.componentType ?? 'component' };
  try {
    const outcome =
      (await withTimeout(Promise.resolve().then(check.probe), check.timeoutMs ?? DEFAULT_TIMEOUT_MS)) ?? {};
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    return {
      ...base,
      observedValue: outcome.observedValue ?? Math.round(elapsedMs * 100) / 100,
      observedUnit: outcome.observedUnit ?? 'ms',
      status: outcome.status ?? 'pass',
      time: now().toISOString(),
      ...(outcome.output ? { output: outcome.output } : {}),
    };
  } catch (err) {
    const status: HealthStatus = check.critical === false ? 'warn' : 'fail';
    return { ...base, status, time: now().toISOString(), output: (err as Error).message };
  }
}

function worst(statuses: HealthStatus[]): HealthStatus {
  if (statuses.includes('fail')) return 'fail';
  if (statuses.includes('warn')) return 'warn';
  return 'pass';
}

/** Runs every check concurrently, each bounded by its timeout. */
export async function runHealthChecks(
  checks: DependencyCheck[],
  now: () => Date = () => new Date(),
): Promise<HealthReport> {
  const results = await Promise.all(checks.map((c) => runOne(c, now)));
  const report: HealthReport = { status: worst(results.map((r) => r.status)), checks: {} };
  checks.forEach((c, i) => {
    report.checks[`${c.component}:${c.measurement ?? 'responseTime'}`] = [results[i] as CheckResult];
  });
  return report;
}
