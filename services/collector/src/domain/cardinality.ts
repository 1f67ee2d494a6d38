/** An admitted series' last-seen time in its limiter; `owner` is cleared when the limiter forgets it. */
export interface SeriesCell {
  seenMs: number;
  owner: CardinalityLimiter | undefined;
}

/** A series that remembers its cell, so admitting it again needs no lookup. */
export interface CellHolder {
  readonly name: string;
  readonly key: string;
  cell: SeriesCell | undefined;
}

/**
 * Per-metric active-series limit. A series is active from its first accepted sample until it has not
 * been seen for `idleTtlMs`; a new series of a metric already at `maxSeriesPerMetric` is refused.
 */
export class CardinalityLimiter {
  // last-seen times in mutable cells: a known series costs one lookup, no Map write
  private readonly byMetric = new Map<string, Map<string, SeriesCell>>();
  private lastSweepMs = 0;

  constructor(
    private readonly maxSeriesPerMetric: number,
    private readonly idleTtlMs: number,
  ) {}

  /** Records the series as seen at `nowMs`; false when it is new and its metric is full. */
  admit(metric: string, seriesId: string, nowMs: number): boolean {
    return this.admitCell(metric, seriesId, nowMs) !== undefined;
  }

  /** `admit` for a series that keeps its cell: while this limiter remembers it, no lookup at all. */
  admitSeries(series: CellHolder, nowMs: number): boolean {
    const cell = series.cell;
    if (cell !== undefined && cell.owner === this) {
      this.sweepIfDue(nowMs);
      if (cell.owner === this) {
        cell.seenMs = nowMs;
        return true;
      }
    }
    series.cell = this.admitCell(series.name, series.key, nowMs);
    return series.cell !== undefined;
  }

  activeSeries(metric: string): number {
    return this.byMetric.get(metric)?.size ?? 0;
  }

  private admitCell(metric: string, seriesId: string, nowMs: number): SeriesCell | undefined {
    this.sweepIfDue(nowMs);
    let series = this.byMetric.get(metric);
    if (!series) {
      series = new Map();
      this.byMetric.set(metric, series);
    }
    const known = series.get(seriesId);
    if (known !== undefined) {
      known.seenMs = nowMs;
      return known;
    }
    if (series.size >= this.maxSeriesPerMetric) return undefined;
    const cell: SeriesCell = { seenMs: nowMs, owner: this };
    series.set(seriesId, cell);
    return cell;
  }

  private sweepIfDue(nowMs: number): void {
    if (nowMs - this.lastSweepMs < this.idleTtlMs / 4) return;
    this.lastSweepMs = nowMs;
    const cutoff = nowMs - this.idleTtlMs;
    for (const [metric, series] of this.byMetric) {
      for (const [id, cell] of series)
        if (cell.seenMs < cutoff) {
          cell.owner = undefined;
          series.delete(id);
        }
      if (series.size === 0) this.byMetric.delete(metric);
    }
  }
}
