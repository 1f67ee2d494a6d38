import { ValidationError } from '@streamwatch/metrics-core';
import { parse } from 'yaml';
import { parseDuration } from '../domain/promql';

export interface ExpAlert {
  exp_labels?: Record<string, string>;
  exp_annotations?: Record<string, string>;
}
export interface AlertTest {
  eval_time: number;
  evalText: string;
  alertname: string;
  exp_alerts: ExpAlert[];
}
export interface ExprTest {
  expr: string;
  eval_time: number;
  evalText: string;
  exp_samples: { labels: string; value: number }[];
}
export interface InputSeries {
  series: string;
  values: string;
}

export interface TestGroup {
  name?: string;
  intervalMs?: number;
  input_series: InputSeries[];
  alert_rule_test: AlertTest[];
  promql_expr_test: ExprTest[];
  external_labels: Record<string, string>;
  external_url: string;
}

export interface TestFile {
  rule_files: string[];
  evaluationIntervalMs: number;
  group_eval_order: string[];
  tests: TestGroup[];
}

type Raw = Record<string, unknown>;

function duration(v: unknown, field: string, fallback?: number): number {
  if (v === undefined || v === null) {
    if (fallback === undefined) throw new ValidationError(`${field} is required`);
    return fallback;
  }
  const ms = parseDuration(String(v));
  if (ms === undefined) throw new ValidationError(`invalid duration ${JSON.stringify(v)} in ${field}`);
  return ms;
}

function list(v: unknown): Raw[] {
  return Array.isArray(v) ? (v as Raw[]) : [];
}

function value(v: unknown): number {
  if (typeof v === 'number') return v;
  const s = String(v);
  if (/^[+]?inf$/i.test(s)) return Infinity;
  if (/^-inf$/i.test(s)) return -Infinity;
  if (/^nan$/i.test(s)) return NaN;
  const n = Number(s);
  if (Number.isNaN(n)) throw new ValidationError(`invalid sample value ${JSON.stringify(v)}`);
  return n;
}

/** Parses promtool's rule unit-test file format. */
export function parseTestFile(text: string): TestFile {
  const raw = (parse(text) ?? {}) as Raw;
  return {
    rule_files: list(raw.rule_files).map(String),
    evaluationIntervalMs: duration(raw.evaluation_interval, 'evaluation_interval', 60_000),
    group_eval_order: list(raw.group_eval_order).map(String),
    tests: list(raw.tests).map((t) => ({
      name: t.name === undefined ? undefined : String(t.name),
      intervalMs: t.interval === undefined ? undefined : duration(t.interval, 'interval'),
      input_series: list(t.input_series).map((s) => ({
        series: String(s.series),
        values: String(s.values ?? ''),
      })),
      alert_rule_test: list(t.alert_rule_test).map((a) => ({
        eval_time: duration(a.eval_time, 'eval_time', 0),
        evalText: String(a.eval_time ?? '0s'),
        alertname: String(a.alertname),
        exp_alerts: list(a.exp_alerts) as ExpAlert[],
      })),
      promql_expr_test: list(t.promql_expr_test).map((p) => ({
        expr: String(p.expr),
        eval_time: duration(p.eval_time, 'eval_time', 0),
        evalText: String(p.eval_time ?? '0s'),
        exp_samples: list(p.exp_samples).map((s) => ({
          labels: String(s.labels ?? '{}'),
          value: value(s.value),
        })),
      })),
      external_labels: (t.external_labels ?? {}) as Record<string, string>,
      external_url: String(t.external_url ?? ''),
    })),
  };
}
