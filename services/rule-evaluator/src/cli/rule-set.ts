import type { Labels } from '@streamwatch/metrics-core';
import { STALE_NAN } from '@streamwatch/metrics-core';
import type { MemorySeriesStore } from '../domain/promql';
import { labelsKey } from '../domain/promql/labels';
import { AlertingRule, RecordingRule, type RuleGroup } from '../domain/rules';
import { alertSeriesOf } from '../domain/rules/alerts-series';

export type LoadedRule = AlertingRule | RecordingRule;

export interface LoadedGroup {
  name: string;
  rules: LoadedRule[];
}

/** Instantiates rule objects for one test group (fresh state per test group). */
export function instantiate(
  groups: RuleGroup[],
  order: string[],
  externalLabels: Labels,
  externalURL: string,
): LoadedGroup[] {
  const rank = (g: RuleGroup) => {
    const i = order.indexOf(g.name);
    return i < 0 ? order.length : i;
  };
  return [...groups]
    .sort((a, b) => rank(a) - rank(b))
    .map((g) => ({
      name: g.name,
      rules: g.rules.map((r) =>
        r.kind === 'alert' ? new AlertingRule(r, { externalLabels, externalURL }) : new RecordingRule(r),
      ),
    }));
}

/**
 * Evaluates every group at `ts` as Prometheus' group.Eval does: recording results and ALERTS series are written
 * to the store, and series that disappeared get staleness markers. Returns rule error lines.
 */
export class GroupRunner {
  private previous = new Map<LoadedRule, Map<string, Labels>>();

  constructor(
    private readonly groups: LoadedGroup[],
    private readonly store: MemorySeriesStore,
  ) {}

  evalAt(ts: number): { rule: string; error: string }[] {
    const errors: { rule: string; error: string }[] = [];
    for (const g of this.groups) {
      for (const rule of g.rules) {
        let written: Labels[] = [];
        try {
          if (rule instanceof RecordingRule) {
            const res = rule.evaluate(ts, this.store);
            for (const s of res.samples) this.store.add(s.labels, ts, s.value);
            written = res.samples.map((s) => s.labels);
          } else {
            const res = rule.evaluate(ts, this.store);
            for (const s of alertSeriesOf(res.active, { forState: false })) {
              const labels: Labels = { ...s.labels, __name__: s.name };
              this.store.add(labels, ts, s.value);
              written.push(labels);
            }
          }
        } catch (err) {
          errors.push({ rule: rule.name, error: (err as Error).message });
          continue;
        }
        this.markStale(rule, written, ts);
      }
    }
    return errors;
  }

  private markStale(rule: LoadedRule, written: Labels[], ts: number): void {
    const current = new Map(written.map((l) => [labelsKey(l), l]));
    for (const [k, l] of this.previous.get(rule) ?? [])
      if (!current.has(k)) this.store.add(l, ts, STALE_NAN, true);
    this.previous.set(rule, current);
  }
}
