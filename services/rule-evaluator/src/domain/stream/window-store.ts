import type { Labels } from '@streamwatch/metrics-core';
import type { LabelMatcher, SeriesData, SeriesStore } from '../promql/api';
import { matchesAll } from './label-matcher';
import { SeriesWindow } from './series-window';

export interface StoredSeries {
  readonly id: number;
  readonly key: string;
  /** Includes `__name__`. */
  readonly labels: Labels;
  readonly window: SeriesWindow;
}

export interface AppendOutcome {
  series: StoredSeries;
  accepted: boolean;
}

/**
 * Per-series windows of recent points with an inverted label index (name -> value -> series ids).
 * Points older than `retentionMs` before the newest sample time are dropped; series left empty are
 * forgotten by `collect()`. Stale markers are kept as points so the engine sees them.
 */
export class WindowStore implements SeriesStore {
  private readonly byKey = new Map<string, StoredSeries>();
  private readonly byId = new Map<number, StoredSeries>();
  private readonly postings = new Map<string, Map<string, Set<number>>>();
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

  /** `key` is the canonical series identity (seriesKey of name + labels). */
  append(key: string, name: string, labels: Labels, t: number, v: number): AppendOutcome {
    let series = this.byKey.get(key);
    if (!series) series = this.create(key, name, labels);
    const accepted = t >= this.newestT - this.retention;
    if (accepted) {
      series.window.append(t, v);
      if (t > this.newestT) this.newestT = t;
      series.window.trimBefore(this.newestT - this.retention);
    }
    return { series, accepted };
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
    this.byId.set(series.id, series);
    for (const [n, v] of Object.entries(full)) {
      let values = this.postings.get(n);
      if (!values) this.postings.set(n, (values = new Map()));
      let ids = values.get(v);
      if (!ids) values.set(v, (ids = new Set()));
      ids.add(series.id);
    }
    return series;
  }

  private remove(s: StoredSeries): void {
    this.byKey.delete(s.key);
    this.byId.delete(s.id);
    for (const [n, v] of Object.entries(s.labels)) {
      const values = this.postings.get(n);
      const ids = values?.get(v);
      ids?.delete(s.id);
      if (ids && ids.size === 0) values?.delete(v);
      if (values && values.size === 0) this.postings.delete(n);
    }
  }

  /** The smallest posting list among non-empty equality matchers, else every series. */
  private *candidates(matchers: LabelMatcher[]): Iterable<StoredSeries> {
    let best: Set<number> | undefined;
    for (const m of matchers) {
      if (m.op !== '=' || m.value === '') continue;
      const ids = this.postings.get(m.name)?.get(m.value);
      if (!ids) return;
      if (!best || ids.size < best.size) best = ids;
    }
    if (!best) {
      yield* this.byKey.values();
      return;
    }
    for (const id of best) yield this.byId.get(id) as StoredSeries;
  }
}
