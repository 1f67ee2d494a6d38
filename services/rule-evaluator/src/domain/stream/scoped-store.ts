import type { LabelMatcher, SeriesData, SeriesStore } from '../promql/api';
import { selectNewest, selectRange } from './series-select';
import type { StoredSeries } from './window-store';

/** A view of a few stored series (for evaluating an expression restricted to them). */
export class ScopedStore implements SeriesStore {
  constructor(private readonly series: readonly StoredSeries[]) {}

  select(matchers: LabelMatcher[], minT: number, maxT: number): SeriesData[] {
    return selectRange(this.series, matchers, minT, maxT);
  }

  selectLatest(matchers: LabelMatcher[], minT: number, maxT: number): SeriesData[] {
    return selectNewest(this.series, matchers, minT, maxT);
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
