import type { LabelMatcher, SeriesData, SeriesStore } from '../promql/api';
import { matchesAll } from './label-matcher';
import type { StoredSeries } from './window-store';

/** A view of a few stored series (for evaluating an expression restricted to them). */
export class ScopedStore implements SeriesStore {
  constructor(private readonly series: readonly StoredSeries[]) {}

  select(matchers: LabelMatcher[], minT: number, maxT: number): SeriesData[] {
    const out: SeriesData[] = [];
    for (const s of this.series) {
      if (!matchesAll(matchers, s.labels)) continue;
      const points = s.window.range(minT, maxT);
      if (points.length > 0) out.push({ labels: s.labels, points });
    }
    return out;
  }

  selectLatest(matchers: LabelMatcher[], minT: number, maxT: number): SeriesData[] {
    const out: SeriesData[] = [];
    for (const s of this.series) {
      if (!matchesAll(matchers, s.labels)) continue;
      const p = s.window.latest(minT, maxT);
      if (p !== undefined) out.push({ labels: s.labels, points: [p] });
    }
    return out;
  }
}

/**
 * The keys of a scope (touched series plus alert sources), as a set built only when asked: a rule without
 * alerts never asks, and most rules have none.
 */
export class ScopeKeys {
  private keys: Set<string> | undefined;

  constructor(
    private readonly series: readonly StoredSeries[],
    private readonly extra: readonly string[],
  ) {}

  has(key: string): boolean {
    if (this.keys === undefined) {
      this.keys = new Set(this.extra);
      for (const s of this.series) this.keys.add(s.key);
    }
    return this.keys.has(key);
  }
}
