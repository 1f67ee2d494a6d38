import { seriesKey, type Labels } from '@streamwatch/metrics-core';
import type { CompiledExpr, InstantValue, SeriesStore } from '../promql/api';
import type { AnomalySpec } from './anomaly-spec';
import type { Detector, Verdict } from './detector';
import type { HistoryBucket } from './seasonal-history';

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
  /** Restored history of series that have not been evaluated yet since the restore. */
  private readonly seeds = new Map<string, HistoryBucket[]>();
  /**
   * Names the persisted history of this expression: its text and the history step, so rules over the same
   * input share it and edits of thresholds keep it. Undefined when the detector keeps no history.
   */
  readonly historyId: string | undefined;

  constructor(
    private readonly inner: CompiledExpr,
    readonly spec: AnomalySpec,
  ) {
    this.historyId =
      spec.historyStepMs === undefined ? undefined : fnv1a(`${inner.text}\u0000${spec.historyStepMs}`);
  }

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
      value.type === 'vector'
        ? value.samples
        : value.type === 'scalar'
          ? [{ labels: {}, value: value.value }]
          : [];
    const out: Array<{ labels: Labels; value: number }> = [];
    for (const s of input) {
      if (!Number.isFinite(s.value)) continue;
      const key = seriesKey('', s.labels);
      let st = this.state.get(key);
      if (!st) st = this.start(key);
      if (tMs - st.lastT >= this.spec.intervalMs || !st.last) {
        st.lastT = tMs;
        st.last = st.detector.observe(tMs, s.value);
      }
      if (st.last.anomalous) out.push({ labels: s.labels, value: st.last.score });
    }
    for (const [key, st] of this.state)
      if (tMs - st.lastT > IDLE_MS + this.spec.horizonMs) this.state.delete(key);
    return { type: 'vector', samples: out };
  }

  /** Hands restored buckets of one series (by its label key) to its detector, now or when it starts. */
  seedHistory(series: string, buckets: HistoryBucket[]): void {
    const history = this.state.get(series)?.detector.history;
    if (history) history.seed(buckets);
    else this.seeds.set(series, buckets);
  }

  /** Buckets changed since the last call, per series (see `markHistoryDirty` for a failed write). */
  takeDirtyHistory(): Array<{ series: string; buckets: HistoryBucket[] }> {
    const out: Array<{ series: string; buckets: HistoryBucket[] }> = [];
    for (const [series, st] of this.state) {
      const buckets = st.detector.history?.takeDirty() ?? [];
      if (buckets.length > 0) out.push({ series, buckets });
    }
    return out;
  }

  markHistoryDirty(series: string, ts: number[]): void {
    this.state.get(series)?.detector.history?.markDirty(ts);
  }

  private start(key: string): { detector: Detector; lastT: number; last?: Verdict } {
    const st = { detector: this.spec.create(), lastT: -Infinity };
    const seed = this.seeds.get(key);
    if (seed) {
      st.detector.history?.seed(seed);
      this.seeds.delete(key);
    }
    this.state.set(key, st);
    return st;
  }
}

/** 64-bit FNV-1a of a string, as 16 hex digits. */
function fnv1a(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const b of new TextEncoder().encode(text)) h = BigInt.asUintN(64, (h ^ BigInt(b)) * 0x100000001b3n);
  return h.toString(16).padStart(16, '0');
}
