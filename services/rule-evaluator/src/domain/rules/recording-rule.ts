import type { Labels } from '@streamwatch/metrics-core';
import { compileExpr, type CompiledExpr, type SeriesStore, type VectorSample } from '../promql';
import { labelsKey } from '../promql/labels';
import { RuleHealthTracker } from './rule-health';
import type { RecordingRuleSpec } from './types';

export interface RecordedSeries {
  labels: Labels;
  value: number;
}

export interface RecordingEvaluation {
  /** Samples to write at the evaluation time, `__name__` set to the record name. */
  samples: RecordedSeries[];
  /** Series written last time and absent now: write a staleness marker for each, as Prometheus does. */
  stale: Labels[];
}

/** A Prometheus recording rule: evaluates its expression and renames the result. */
export class RecordingRule {
  readonly expr: CompiledExpr;
  readonly health = new RuleHealthTracker();
  private previous = new Map<string, Labels>();

  constructor(readonly spec: RecordingRuleSpec) {
    this.expr = compileExpr(spec.expr);
  }

  get name(): string {
    return this.spec.name;
  }

  evaluate(tMs: number, store: SeriesStore): RecordingEvaluation {
    return this.health.track(tMs, () => {
      const v = this.expr.evaluate(store, tMs);
      const input: VectorSample[] =
        v.type === 'vector' ? v.samples : v.type === 'scalar' ? [{ labels: {}, value: v.value }] : [];
      if (v.type === 'string') throw new Error('recording rule expression must return a vector or scalar');
      const current = new Map<string, Labels>();
      const samples: RecordedSeries[] = [];
      for (const s of input) {
        const labels: Labels = { ...s.labels, __name__: this.spec.name };
        for (const [k, val] of Object.entries(this.spec.labels)) {
          if (val === '') delete labels[k];
          else labels[k] = val;
        }
        const key = labelsKey(labels);
        if (current.has(key))
          throw new Error('vector contains metrics with the same labelset after applying rule labels');
        current.set(key, labels);
        samples.push({ labels, value: s.value });
      }
      const stale = [...this.previous].filter(([k]) => !current.has(k)).map(([, l]) => l);
      this.previous = current;
      return { samples, stale };
    });
  }
}
