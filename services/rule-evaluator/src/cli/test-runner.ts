import type { Labels } from '@streamwatch/metrics-core';
import { compileExpr, formatDuration, MemorySeriesStore, type SeriesStore } from '../domain/promql';
import { AlertingRule, type RuleGroup } from '../domain/rules';
import type { Alert } from '../domain/rules/types';
import { formatE } from '../domain/rules/go-format';
import { GroupRunner, instantiate } from './rule-set';
import { expandSeriesValues, parseMetric } from './series-notation';
import type { AlertTest, TestFile, TestGroup } from './test-file';

export interface LabelPair {
  labels: Labels;
  annotations: Labels;
}

/** Prometheus' labels.Labels.String(): `{a="1", b="2"}`, names sorted. */
export function promLabels(l: Labels): string {
  return `{${Object.keys(l)
    .sort()
    .map((k) => `${k}=${JSON.stringify(l[k])}`)
    .join(', ')}}`;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const pairKey = (p: LabelPair) => promLabels(p.labels) + promLabels(p.annotations);

function alertsString(list: LabelPair[]): string {
  if (list.length === 0) return '[]';
  const items = list.map(
    (p, i) => `${i}:\n  Labels:${promLabels(p.labels)}\n  Annotations:${promLabels(p.annotations)}`,
  );
  return `[\n${items.join(',\n')}\n]`.split('\n').join('\n            ');
}

function samplesString(list: { labels: Labels; value: number }[]): string {
  return list.length === 0
    ? 'nil'
    : list.map((s) => `${promLabels(s.labels)} ${formatE(s.value)}`).join(', ');
}

function loadSeries(tg: TestGroup, intervalMs: number): MemorySeriesStore {
  const store = new MemorySeriesStore();
  for (const s of tg.input_series) {
    const labels = parseMetric(s.series);
    expandSeriesValues(s.values).forEach((v, i) => {
      if (v === 'stale') store.add(labels, i * intervalMs, NaN, true);
      else if (v !== undefined) store.add(labels, i * intervalMs, v);
    });
  }
  return store;
}

/**
 * The last time promtool's test loop evaluates the rules at: the largest eval_time rounded to the evaluation
 * interval (evaluations run at 0, interval, 2 × interval, ... up to it).
 */
export function lastEvalTime(tg: TestGroup, evalInterval: number): number {
  const maxd = Math.max(
    0,
    ...tg.alert_rule_test.map((a) => a.eval_time),
    ...tg.promql_expr_test.map((p) => p.eval_time),
  );
  return Math.round((maxd + evalInterval / 2) / evalInterval) * evalInterval;
}

/** The firing alerts (labels and annotations) of the alerting rules named `alertname`. */
export function firingAlerts(
  rules: Iterable<{ readonly name: string; activeAlerts(): Alert[] }>,
  alertname: string,
): LabelPair[] {
  const out: LabelPair[] = [];
  for (const r of rules) {
    if (r.name !== alertname) continue;
    for (const a of r.activeAlerts())
      if (a.state === 'firing') out.push({ labels: a.labels, annotations: a.annotations });
  }
  return out;
}

/** Compares the firing alerts `got` with an alert_rule_test's exp_alerts; a promtool-style failure or undefined. */
export function checkAlerts(t: AlertTest, got: LabelPair[], groupName?: string): string | undefined {
  const exp: LabelPair[] = t.exp_alerts.map((a) => ({
    labels: { ...(a.exp_labels ?? {}), alertname: t.alertname },
    annotations: { ...(a.exp_annotations ?? {}) },
  }));
  const sorted = [...got].sort((a, b) => cmp(pairKey(a), pairKey(b)));
  exp.sort((a, b) => cmp(pairKey(a), pairKey(b)));
  if (sorted.map(pairKey).join('\n') === exp.map(pairKey).join('\n')) return undefined;
  const testName = groupName ? `    name: ${groupName},\n` : '';
  return `${testName}    alertname: ${t.alertname}, time: ${formatDuration(t.eval_time)}, \n        exp:${alertsString(exp)}, \n        got:${alertsString(sorted)}`;
}

/** Runs one test group like promtool's testGroup.test; returns failure lines (empty when it passes). */
export function runTestGroup(file: TestFile, tg: TestGroup, ruleGroups: RuleGroup[]): string[] {
  const evalInterval = file.evaluationIntervalMs;
  const store = loadSeries(tg, tg.intervalMs ?? evalInterval);
  const groups = instantiate(ruleGroups, file.group_eval_order, tg.external_labels, tg.external_url);
  const runner = new GroupRunner(groups, store);
  const errs: string[] = [];
  const maxt = lastEvalTime(tg, evalInterval);
  const alertTests = [...tg.alert_rule_test].sort((a, b) => a.eval_time - b.eval_time);
  let curr = 0;
  for (let ts = 0; ts <= maxt; ts += evalInterval) {
    for (const e of runner.evalAt(ts))
      errs.push(`    rule: ${e.rule}, time: ${goDuration(ts)}, err: ${e.error}`);
    while (
      curr < alertTests.length &&
      ts <= (alertTests[curr]?.eval_time ?? 0) &&
      (alertTests[curr]?.eval_time ?? 0) < ts + evalInterval
    ) {
      const t = alertTests[curr++];
      if (!t) break;
      const rules = groups.flatMap((g) => g.rules).filter((r) => r instanceof AlertingRule);
      const err = checkAlerts(t, firingAlerts(rules, t.alertname), tg.name);
      if (err !== undefined) errs.push(err);
    }
  }
  for (const pt of tg.promql_expr_test) errs.push(...checkExpr(pt, store));
  return errs;
}

/** Evaluates a promql_expr_test over `store` and compares with exp_samples; promtool-style failure lines. */
export function checkExpr(pt: TestGroup['promql_expr_test'][number], store: SeriesStore): string[] {
  const head = `    expr: ${JSON.stringify(pt.expr)}, time: ${formatDuration(pt.eval_time)}`;
  let got: { labels: Labels; value: number }[];
  try {
    const v = compileExpr(pt.expr).evaluate(store, pt.eval_time);
    got =
      v.type === 'vector'
        ? v.samples.map((s) => ({ labels: s.labels, value: s.value }))
        : v.type === 'scalar'
          ? [{ labels: {}, value: v.value }]
          : [];
  } catch (err) {
    return [`${head}, err: ${(err as Error).message}`];
  }
  let exp: { labels: Labels; value: number }[];
  try {
    exp = pt.exp_samples.map((s) => ({
      labels: parseMetric(s.labels === '' ? '{}' : s.labels),
      value: s.value,
    }));
  } catch (err) {
    return [`${head}, err: ${(err as Error).message}`];
  }
  const byLabels = (a: { labels: Labels }, b: { labels: Labels }) =>
    cmp(promLabels(a.labels), promLabels(b.labels));
  got.sort(byLabels);
  exp.sort(byLabels);
  const equal =
    got.length === exp.length &&
    got.every(
      (g, i) =>
        promLabels(g.labels) === promLabels((exp[i] as { labels: Labels }).labels) &&
        g.value === exp[i]?.value,
    );
  return equal ? [] : [`${head},\n        exp: ${samplesString(exp)}\n        got: ${samplesString(got)}`];
}

/** Go's time.Duration.String() for whole milliseconds (e.g. `5m0s`). */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}
