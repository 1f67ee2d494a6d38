import type { Alert } from '../domain/rules/types';
import type { LoadedRule } from '../streaming/loaded-rule';

/** Go's strconv.FormatFloat(v, 'e', -1, 64), which Prometheus uses for alert values. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const [mant, exp] = v.toExponential().split('e') as [string, string];
  const sign = exp.startsWith('-') ? '-' : '+';
  const digits = exp.replace(/^[+-]/, '').padStart(2, '0');
  return `${mant}e${sign}${digits}`;
}

const iso = (ms: number | undefined) =>
  ms === undefined ? '0001-01-01T00:00:00Z' : new Date(ms).toISOString();

export function alertJson(a: Alert): Record<string, unknown> {
  const out: Record<string, unknown> = {
    labels: a.labels,
    annotations: a.annotations,
    state: a.state,
    activeAt: iso(a.activeAt),
    value: formatValue(a.value),
  };
  if (a.keepFiringSince !== undefined) out.keepFiringSince = iso(a.keepFiringSince);
  return out;
}

function ruleState(alerts: Alert[]): string {
  if (alerts.some((a) => a.state === 'firing')) return 'firing';
  if (alerts.some((a) => a.state === 'pending')) return 'pending';
  return 'inactive';
}

export function ruleJson(r: LoadedRule): Record<string, unknown> {
  const common = {
    name: r.spec.name,
    query: r.spec.expr,
    labels: r.spec.labels,
    health: r.health.health,
    lastError: r.health.lastError,
    evaluationTime: r.health.evaluationTime,
    lastEvaluation: iso(r.health.lastEvaluation),
  };
  if (r.spec.kind === 'record') return { ...common, type: 'recording' };
  const alerts = (r.alerting?.activeAlerts() ?? []).filter((a) => a.state !== 'inactive');
  return {
    state: ruleState(alerts),
    ...common,
    duration: r.spec.forMs / 1000,
    keepFiringFor: r.spec.keepFiringForMs / 1000,
    annotations: r.spec.annotations,
    alerts: alerts.map(alertJson),
    type: 'alerting',
  };
}

/** `/api/v1/rules` groups: rules grouped by (file, group) in load order. */
export function groupsJson(
  rules: readonly LoadedRule[],
  type?: 'alert' | 'record',
): Array<Record<string, unknown>> {
  const groups = new Map<string, { name: string; file: string; interval: number; rules: LoadedRule[] }>();
  for (const r of rules) {
    const key = `${r.file}\u0000${r.group}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { name: r.group, file: r.file, interval: r.intervalMs / 1000, rules: [] }));
    g.rules.push(r);
  }
  return [...groups.values()].map((g) => {
    const shown = g.rules.filter((r) => !type || r.spec.kind === type);
    const last = Math.max(...g.rules.map((r) => r.health.lastEvaluation ?? -Infinity));
    return {
      name: g.name,
      file: g.file,
      interval: g.interval,
      limit: 0,
      rules: shown.map(ruleJson),
      evaluationTime: g.rules.reduce((s, r) => s + r.health.evaluationTime, 0),
      lastEvaluation: iso(Number.isFinite(last) ? last : undefined),
    };
  });
}
