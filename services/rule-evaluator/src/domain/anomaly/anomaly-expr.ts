import { seriesKey, type Labels } from '@streamwatch/metrics-core';
import type { CompiledExpr, InstantValue, SeriesStore } from '../promql/api';
import type { AnomalySpec } from './anomaly-spec';
import type { Detector, Verdict } from './detector';
import { isUnescapedKey, verbatimKey } from './legacy-history';
import type { HistoryBucket } from './seasonal-history';

const IDLE_MS = 3_600_000;

interface SeriesState {
  detector: Detector;
  lastT: number;
  last?: Verdict;
  /** For a series whose key escapes a value: the key its history had before values were escaped. */
  verbatimKey?: string;
}

/**
 * Wraps the input expression of an anomaly rule: every output series feeds its own detector, and the
 * result is the vector of series that are anomalous now, valued by the detector's score. A detector is fed
 * at most once per `interval` (evaluations in between reuse its last verdict), so streaming re-evaluation
 * on every batch does not skew its windows. An alerting rule
 * over this expression then applies `for`, labels and annotations as for any other rule.
 */
export class AnomalyExpr implements CompiledExpr {
  private readonly state = new Map<string, SeriesState>();
  /** Restored history of series that have not been evaluated yet since the restore. */
  private readonly seeds = new Map<string, HistoryBucket[]>();
  /**
   * Restored history kept under a verbatim key that is no key today (legacy-history.ts), by that key: every
   * series whose verbatim key it is takes it over when it starts (see `seedUnescapedHistory`).
   */
  private readonly legacySeeds = new Map<string, HistoryBucket[]>();
  /**
   * Names the persisted history of this expression: its text and the history step, so rules over the same
   * input share it and edits of thresholds keep it. Undefined when the detector keeps no history.
   */
  readonly historyId: string | undefined;
  /**
   * Names the history of the series whose key escapes a label value (the key holds a `\`): their keys under
   * `historyId` were written verbatim before values were escaped, and could equal such a series' key today.
   */
  readonly escapedHistoryId: string | undefined;

  constructor(
    private readonly inner: CompiledExpr,
    readonly spec: AnomalySpec,
  ) {
    const id = spec.historyStepMs === undefined ? undefined : `${inner.text}\u0000${spec.historyStepMs}`;
    this.historyId = id === undefined ? undefined : fnv1a(id);
    this.escapedHistoryId = id === undefined ? undefined : fnv1a(`${id}\u0000escaped`);
  }

  /** Which history (`historyId` or `escapedHistoryId`) keeps the series with this key. */
  historyIdOf(series: string): string | undefined {
    return series.includes('\\') ? this.escapedHistoryId : this.historyId;
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
      if (!st) st = this.start(key, s.labels);
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

  /**
   * Hands buckets restored from `historyId` to their series. A key there that escapes nothing is the key of
   * its series (`seedHistory`); any other was written before values were escaped, and goes to the series
   * whose verbatim key it is: they fill gaps only and count as changed, so they move to `escapedHistoryId`.
   */
  seedUnescapedHistory(storedKey: string, buckets: HistoryBucket[]): void {
    if (isUnescapedKey(storedKey)) {
      this.seedHistory(storedKey, buckets);
      return;
    }
    // kept for series that start later: several may have shared this key before values were escaped
    this.legacySeeds.set(storedKey, buckets);
    for (const st of this.state.values()) if (st.verbatimKey === storedKey) fillGaps(st.detector, buckets);
  }

  markHistoryDirty(series: string, ts: number[]): void {
    this.state.get(series)?.detector.history?.markDirty(ts);
  }

  private start(key: string, labels: Labels): SeriesState {
    const st: SeriesState = { detector: this.spec.create(), lastT: -Infinity };
    const seed = this.seeds.get(key);
    if (seed) {
      st.detector.history?.seed(seed);
      this.seeds.delete(key);
    }
    if (key.includes('\\')) {
      st.verbatimKey = verbatimKey(labels);
      const legacy = this.legacySeeds.get(st.verbatimKey);
      if (legacy) fillGaps(st.detector, legacy);
    }
    this.state.set(key, st);
    return st;
  }
}

/** Seeds the `buckets` the history lacks and marks them changed, so they are written under the current key. */
function fillGaps(detector: Detector, buckets: HistoryBucket[]): void {
  const history = detector.history;
  if (!history) return;
  const missing = buckets.filter((b) => history.at(b.t) === undefined);
  history.seed(missing);
  history.markDirty(missing.map((b) => b.t));
}

/** 64-bit FNV-1a of a string, as 16 hex digits. */
function fnv1a(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const b of new TextEncoder().encode(text)) h = BigInt.asUintN(64, (h ^ BigInt(b)) * 0x100000001b3n);
  return h.toString(16).padStart(16, '0');
}
