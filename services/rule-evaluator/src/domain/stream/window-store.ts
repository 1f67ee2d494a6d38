import type { Labels } from '@streamwatch/metrics-core';
import type { LabelMatcher, SeriesData, SeriesStore } from '../promql/api';
import { matchesAll } from './label-matcher';
import { SeriesWindow } from './series-window';

const NONE: readonly StoredSeries[] = [];

export interface StoredSeries {
  readonly id: number;
  readonly key: string;
  /** Includes `__name__`. */
  readonly labels: Labels;
  readonly window: SeriesWindow;
  /** Scratch slot for the scheduler: the rules reading this series, valid while `rulesVersion` matches. */
  rules?: readonly unknown[];
  rulesVersion?: number;
}

export interface AppendOutcome {
  series: StoredSeries;
  accepted: boolean;
}

/**
 * Per-series windows of recent points with an inverted label index (name -> value -> series) over the
 * label names that rules match with `=`.
 * Points older than `retentionMs` before the newest sample time are dropped; series left empty are
 * forgotten by `collect()`. Stale markers are kept as points so the engine sees them.
 */
export class WindowStore implements SeriesStore {
  private readonly byKey = new Map<string, StoredSeries>();
  private readonly postings = new Map<string, Map<string, Set<StoredSeries>>>();
  /** Label names with posting lists: `__name__` and those that rules match with `=`. */
  private indexed: ReadonlySet<string> = new Set(['__name__']);
  private nextId = 1;
  private retention: number;
  private newestT = -Infinity;

  constructor(retentionMs: number) {
    this.retention = retentionMs;
  }

  get seriesCount(): number {
    return this.byKey.size;
  }

  get retentionMs(): number {
    return this.retention;
  }

  get maxT(): number {
    return this.newestT;
  }

  setRetention(ms: number): void {
    this.retention = ms;
  }

  /** Keeps posting lists for `__name__` and `names` only (the labels that rules match with `=`). */
  setIndexedLabels(names: Iterable<string>): void {
    const next = new Set(['__name__', ...names]);
    if (next.size === this.indexed.size && [...next].every((n) => this.indexed.has(n))) return;
    this.indexed = next;
    this.postings.clear();
    for (const s of this.byKey.values()) this.index(s);
  }

  /** `key` is the canonical series identity (seriesKey of name + labels). */
  append(key: string, name: string, labels: Labels, t: number, v: number): AppendOutcome {
    const series = this.series(key, name, labels);
    return { series, accepted: this.appendTo(series, t, v) };
  }

  /** The stored series of `key`, created on first sight. */
  series(key: string, name: string, labels: Labels): StoredSeries {
    return this.byKey.get(key) ?? this.create(key, name, labels);
  }

  /** Appends one point; false when it is older than the retention allows. */
  appendTo(series: StoredSeries, t: number, v: number, stale?: boolean): boolean {
    if (t < this.newestT - this.retention) return false;
    series.window.append(t, v, stale);
    if (t > this.newestT) this.newestT = t;
    series.window.trimBefore(this.newestT - this.retention);
    return true;
  }

  get(key: string): StoredSeries | undefined {
    return this.byKey.get(key);
  }

  select(matchers: LabelMatcher[], minT: number, maxT: number): SeriesData[] {
    const out: SeriesData[] = [];
    for (const s of this.candidates(matchers)) {
      if (!matchesAll(matchers, s.labels)) continue;
      const points = s.window.range(minT, maxT);
      if (points.length > 0) out.push({ labels: s.labels, points });
    }
    return out;
  }

  /** Trims every window to the retention and forgets empty series; returns how many were dropped. */
  collect(onDrop?: (key: string) => void): number {
    const cutoff = this.newestT - this.retention;
    let dropped = 0;
    for (const s of this.byKey.values()) {
      s.window.trimBefore(cutoff);
      if (s.window.length === 0) {
        this.remove(s);
        onDrop?.(s.key);
        dropped++;
      }
    }
    return dropped;
  }

  approxBytes(): number {
    let bytes = 0;
    for (const s of this.byKey.values()) bytes += s.window.bytes + 64 + s.key.length * 2;
    return bytes;
  }

  private create(key: string, name: string, labels: Labels): StoredSeries {
    const full: Labels = { __name__: name, ...labels };
    const series: StoredSeries = { id: this.nextId++, key, labels: full, window: new SeriesWindow() };
    this.byKey.set(key, series);
    this.index(series);
    return series;
  }

  private index(series: StoredSeries): void {
    for (const n of this.indexed) {
      const v = series.labels[n];
      if (v === undefined) continue;
      let values = this.postings.get(n);
      if (!values) this.postings.set(n, (values = new Map()));
      let list = values.get(v);
      if (!list) values.set(v, (list = new Set()));
      list.add(series);
    }
  }

  private remove(s: StoredSeries): void {
    this.byKey.delete(s.key);
    for (const n of this.indexed) {
      const v = s.labels[n];
      if (v === undefined) continue;
      const values = this.postings.get(n);
      const list = values?.get(v);
      list?.delete(s);
      if (list && list.size === 0) values?.delete(v);
    }
  }

  /** The smallest posting list among non-empty equality matchers on indexed labels, else every series. */
  private candidates(matchers: LabelMatcher[]): Iterable<StoredSeries> {
    let best: Set<StoredSeries> | undefined;
    for (const m of matchers) {
      if (m.op !== '=' || m.value === '' || !this.indexed.has(m.name)) continue;
      const list = this.postings.get(m.name)?.get(m.value);
      if (!list) return NONE;
      if (!best || list.size < best.size) best = list;
    }
    return best ?? this.byKey.values();
  }
}
