import type { Labels } from '@streamwatch/metrics-core';
import { compileExpr, formatDuration, MemorySeriesStore } from '../domain/promql';
import { AlertingRule, type RuleGroup } from '../domain/rules';
import { formatE } from '../domain/rules/go-format';
import { GroupRunner, instantiate } from './rule-set';
import { expandSeriesValues, parseMetric } from './series-notation';
import type { TestFile, TestGroup } from './test-file';

interface LabelPair {
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

/** Runs one test group like promtool's testGroup.test; returns failure lines (empty when it passes). */
export function runTestGroup(file: TestFile, tg: TestGroup, ruleGroups: RuleGroup[]): string[] {
  const evalInterval = file.evaluationIntervalMs;
  const store = loadSeries(tg, tg.intervalMs ?? evalInterval);
  const groups = instantiate(ruleGroups, file.group_eval_order, tg.external_labels, tg.external_url);
  const runner = new GroupRunner(groups, store);
  const errs: string[] = [];
  const testName = tg.name ? `    name: ${tg.name},\n` : '';
  const maxd = Math.max(
    0,
    ...tg.alert_rule_test.map((a) => a.eval_time),
    ...tg.promql_expr_test.map((p) => p.eval_time),
  );
  const maxt = Math.round((maxd + evalInterval / 2) / evalInterval) * evalInterval;
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
      const got: LabelPair[] = groups
        .flatMap((g) => g.rules)
        .filter((r): r is AlertingRule => r instanceof AlertingRule && r.name === t.alertname)
        .flatMap((r) =>
          r
            .activeAlerts()
            .filter((a) => a.state === 'firing')
            .map((a) => ({ labels: a.labels, annotations: a.annotations })),
        );
      const exp: LabelPair[] = t.exp_alerts.map((a) => ({
        labels: { ...(a.exp_labels ?? {}), alertname: t.alertname },
        annotations: { ...(a.exp_annotations ?? {}) },
      }));
      got.sort((a, b) => cmp(pairKey(a), pairKey(b)));
      exp.sort((a, b) => cmp(pairKey(a), pairKey(b)));
      if (got.map(pairKey).join('\n') !== exp.map(pairKey).join('\n')) {
        errs.push(
          `${testName}    alertname: ${t.alertname}, time: ${formatDuration(t.eval_time)}, \n        exp:${alertsString(exp)}, \n        got:${alertsString(got)}`,
        );
      }
    }
  }
  for (const pt of tg.promql_expr_test) errs.push(...checkExpr(pt, store));
  return errs;
}

function checkExpr(pt: TestGroup['promql_expr_test'][number], store: MemorySeriesStore): string[] {
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
function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}
