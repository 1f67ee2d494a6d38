import type { TargetStatus } from './status-board';

export type HealthStatus = 'pass' | 'warn' | 'fail';

export interface SystemCheck {
  componentId: string;
  componentType: string;
  status: HealthStatus;
  observedValue?: number;
  observedUnit?: string;
  time: string;
  output?: string;
}

/** draft-inadarei-api-health-check document for the whole monitored system. */
export interface SystemHealth {
  status: HealthStatus;
  description: string;
  output: string;
  checks: Record<string, SystemCheck[]>;
}

const COMPONENT_TYPE: Record<string, string> = {
  redis: 'datastore',
  postgres: 'datastore',
  kafka: 'datastore',
  http: 'component',
  tcp: 'system',
  dns: 'system',
};

function checkStatus(t: TargetStatus): HealthStatus {
  if (t.state === 'up') return 'pass';
  if (t.state === 'down' && t.critical) return 'fail';
  return 'warn';
}

function checkOutput(t: TargetStatus): string | undefined {
  if (t.state === 'blocked') return `blocked by ${t.blockedBy.join(', ')}`;
  if (t.state === 'down') return t.lastError?.message ?? 'down';
  if (t.state === 'unknown') return 'no verdict yet';
  return undefined;
}

/** One sentence saying what is down and what it blocks, e.g. `kafka down; collector blocked by kafka`. */
export function explain(targets: readonly TargetStatus[]): string {
  const down = targets.filter((t) => t.state === 'down').map((t) => t.name);
  const blocked = targets
    .filter((t) => t.state === 'blocked')
    .map((t) => `${t.name} blocked by ${t.blockedBy.join(', ')}`);
  const unknown = targets.filter((t) => t.state === 'unknown').length;
  const parts = [
    down.length > 0 ? `${down.join(', ')} down` : '',
    ...blocked,
    unknown > 0 ? `${unknown} awaiting first verdict` : '',
  ];
  const text = parts.filter(Boolean).join('; ');
  return text === '' ? `all ${targets.length} targets up` : text;
}

export function systemHealth(targets: readonly TargetStatus[], nowMs: number): SystemHealth {
  const checks: Record<string, SystemCheck[]> = {};
  const statuses: HealthStatus[] = [];
  for (const t of targets) {
    const status = checkStatus(t);
    statuses.push(status);
    const output = checkOutput(t);
    const last = t.lastResult;
    checks[`${t.name}:responseTime`] = [
      {
        componentId: t.name,
        componentType: COMPONENT_TYPE[t.type] ?? 'component',
        status,
        ...(last ? { observedValue: Math.round(last.durationSeconds * 1e5) / 100, observedUnit: 'ms' } : {}),
        time: new Date(last?.startedAtMs ?? nowMs).toISOString(),
        ...(output ? { output } : {}),
      },
    ];
  }
  const status: HealthStatus = statuses.includes('fail')
    ? 'fail'
    : statuses.includes('warn')
      ? 'warn'
      : 'pass';
  return {
    status,
    description: 'Streamwatch system health, as seen by health-check',
    output: explain(targets),
    checks,
  };
}
