import { seriesKey, type Labels } from '@streamwatch/metrics-core';
import type { CompiledExpr, InstantValue, SeriesStore } from '../promql/api';
import type { AnomalySpec } from './anomaly-spec';
import type { Detector, Verdict } from './detector';

const IDLE_MS = 3_600_000;

/**
 * Wraps the input expression of an anomaly rule: every output series feeds its own detector, and the
 * result is the vector of series that are anomalous now, valued by the detector's score. A detector is fed
 * at most once per `interval` (evaluations in between reuse its last verdict), so streaming re-evaluation
 * on every batch does not skew its windows. An alerting rule
 * over this expression then applies `for`, labels and annotations as for any other rule.
 */
export class AnomalyExpr implements CompiledExpr {
  private readonly state = new Map<string, { detector: Detector; lastT: number; last?: Verdict }>();

  constructor(
    private readonly inner: CompiledExpr,
    readonly spec: AnomalySpec,
  ) {}

  get text(): string {
    return this.inner.text;
  }

  get selectors() {
    return this.inner.selectors;
  }

  get windowMs(): number {
    return this.inner.windowMs;
  }

  get seriesCount(): number {
    return this.state.size;
  }

  evaluate(store: SeriesStore, tMs: number): InstantValue {
    const value = this.inner.evaluate(store, tMs);
    const input: Array<{ labels: Labels; value: number }> =
      value.type === 'vector' ? value.samples : value.type === 'scalar' ? [{ labels: {}, value: value.value }] : [];
    const out: Array<{ labels: Labels; value: number }> = [];
    for (const s of input) {
      if (!Number.isFinite(s.value)) continue;
      const key = seriesKey('', s.labels);
      let st = this.state.get(key);
      if (!st) this.state.set(key, (st = { detector: this.spec.create(), lastT: -Infinity }));
      if (tMs - st.lastT >= this.spec.intervalMs || !st.last) {
        st.lastT = tMs;
        st.last = st.detector.observe(tMs, s.value);
      }
      if (st.last.anomalous) out.push({ labels: s.labels, value: st.last.score });
    }
    for (const [key, st] of this.state) if (tMs - st.lastT > IDLE_MS + this.spec.horizonMs) this.state.delete(key);
    return { type: 'vector', samples: out };
  }
}
