import type { SeriesPoints } from '@streamwatch/metrics-core';
import { STALE_NAN } from '@streamwatch/metrics-core';
import { compileExpr } from '../domain/promql';
import { createRuleCompiler } from '../streaming/rule-compiler';
import type { LoadedRule } from '../streaming/loaded-rule';
import { expandSeriesValues, parseMetric } from './series-notation';
import { StreamHarness, STREAM_DEFAULTS } from './stream-harness';
import type { AlertTest, ExprTest, TestFile, TestGroup } from './test-file';
import { checkAlerts, checkExpr, firingAlerts, lastEvalTime } from './test-runner';

/** A rule file of a test file: its path (as the rule ids name it) and text. */
export interface RuleFileText {
  path: string;
  text: string;
}

/** The input series as one batch per timestamp step (`_` leaves a series out of its step). */
function sampleSteps(tg: TestGroup, intervalMs: number): Map<number, SeriesPoints[]> {
  const steps = new Map<number, SeriesPoints[]>();
  for (const s of tg.input_series) {
    const { __name__: name = '', ...labels } = parseMetric(s.series);
    expandSeriesValues(s.values).forEach((v, i) => {
      if (v === undefined) return;
      const t = i * intervalMs;
      const point =
        v === 'stale' ? { timestampMs: t, value: STALE_NAN, stale: true } : { timestampMs: t, value: v };
      let step = steps.get(t);
      if (step === undefined) steps.set(t, (step = []));
      step.push({ name, labels, points: [point] });
    });
  }
  return steps;
}

type Check = { at: number; alert: AlertTest } | { at: number; expr: ExprTest };

/**
 * The checks in time order. An alert test is checked at promtool's evaluation time for it, the last multiple
 * of the evaluation interval at or before its eval_time (promtool's test loop checks it right after that
 * evaluation); an expression test at its own eval_time.
 */
function checksOf(tg: TestGroup, evalInterval: number): Check[] {
  const checks: Check[] = [
    ...tg.alert_rule_test.map((alert) => ({
      at: Math.floor(alert.eval_time / evalInterval) * evalInterval,
      alert,
    })),
    ...tg.promql_expr_test.map((expr) => ({ at: expr.eval_time, expr })),
  ];
  return checks.sort((a, b) => a.at - b.at);
}

function compileRules(file: TestFile, tg: TestGroup, ruleFiles: RuleFileText[]): LoadedRule[] {
  const compiler = createRuleCompiler({
    defaultIntervalMs: file.evaluationIntervalMs,
    externalURL: tg.external_url,
    externalLabels: tg.external_labels,
  });
  const rules = ruleFiles.flatMap((f) => compiler.compile(f.text, 'file', f.path));
  const order = file.group_eval_order;
  const rank = (r: LoadedRule) => {
    const i = order.indexOf(r.group);
    return i < 0 ? order.length : i;
  };
  return rules.sort((a, b) => rank(a) - rank(b));
}

/** The group's test cases that are checked at event time `at` (see `checksOf`). */
interface Checkpoint {
  at: number;
  checks: Check[];
}

/** The checkpoints in time order, ending at promtool's last evaluation (where rule errors are gathered). */
function checkpoints(tg: TestGroup, evalInterval: number): Checkpoint[] {
  const out: Checkpoint[] = [];
  for (const check of checksOf(tg, evalInterval)) {
    const last = out[out.length - 1];
    if (last?.at === check.at) last.checks.push(check);
    else out.push({ at: check.at, checks: [check] });
  }
  const end = lastEvalTime(tg, evalInterval);
  if ((out[out.length - 1]?.at ?? -1) < end) out.push({ at: end, checks: [] });
  return out;
}

/**
 * Replays the input live into a fresh runtime up to event time `at`: each timestamp step arrives as one batch
 * at wall time = its timestamp, with the service's timers (tick every second, collect every minute) between
 * steps; then the wall clock runs on to `at + ALLOWED_LATENESS_MS` with nothing more arriving, so every
 * source's time and the combined time have reached `at`. Steps after `at` are never handed in: they would move
 * their sources past `at`.
 */
async function replayUntil(
  at: number,
  steps: Array<[number, SeriesPoints[]]>,
  newHarness: () => StreamHarness,
): Promise<StreamHarness> {
  const harness = newHarness();
  for (const [t, series] of steps) {
    if (t > at) break;
    await harness.advanceTo(t);
    await harness.deliver({ source: 'push', series });
  }
  await harness.advanceTo(at + harness.opts.allowedLatenessMs, true);
  return harness;
}

/**
 * Runs one test group through the streaming EvaluationRuntime, as the service would see the input series
 * arrive live. Each checkpoint (event time at which test cases are checked) gets a replay of its own from the
 * start (`replayUntil`), so the runtime's state there is exactly its state at that event time, undisturbed
 * by the checks before it. Alerts are compared as the batch runner compares them; expressions are evaluated
 * over the runtime's windows (kept long enough for them).
 */
export async function runStreamTestGroup(
  file: TestFile,
  tg: TestGroup,
  ruleFiles: RuleFileText[],
  opts = STREAM_DEFAULTS,
): Promise<string[]> {
  const evalInterval = file.evaluationIntervalMs;
  const steps = [...sampleSteps(tg, tg.intervalMs ?? evalInterval)].sort((a, b) => a[0] - b[0]);
  const keep = Math.max(0, ...tg.promql_expr_test.map((p) => exprWindow(p.expr)));
  const newHarness = () => {
    const h = new StreamHarness(compileRules(file, tg, ruleFiles), tg.external_labels, opts);
    h.keepWindow(keep);
    return h;
  };
  const ruleErrors = new Set<string>();
  const alertErrors: string[] = [];
  const exprErrors: string[] = [];
  for (const point of checkpoints(tg, evalInterval)) {
    const harness = await replayUntil(point.at, steps, newHarness);
    for (const e of harness.errors) ruleErrors.add(e);
    const alerting = harness.runtime.loadedRules.flatMap((r) => {
      const engine = r.alerting;
      return engine ? [{ name: r.spec.name, activeAlerts: () => engine.activeAlerts() }] : [];
    });
    for (const check of point.checks) {
      if ('alert' in check) {
        const err = checkAlerts(check.alert, firingAlerts(alerting, check.alert.alertname), tg.name);
        if (err !== undefined) alertErrors.push(err);
      } else {
        harness.runtime.scheduler.applyDeferred();
        exprErrors.push(...checkExpr(check.expr, harness.runtime.store));
      }
    }
  }
  return [...ruleErrors, ...alertErrors, ...exprErrors];
}

/** How far back an expression reads (0 when it does not compile: checkExpr reports that). */
function exprWindow(expr: string): number {
  try {
    return compileExpr(expr).windowMs;
  } catch {
    return 0;
  }
}
