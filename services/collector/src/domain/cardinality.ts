/**
 * Per-metric active-series limit. A series is active from its first accepted sample until it has not
 * been seen for `idleTtlMs`; a new series of a metric already at `maxSeriesPerMetric` is refused.
 */
export class CardinalityLimiter {
  // last-seen times in mutable cells: a known series costs one lookup, no Map write
  private readonly byMetric = new Map<string, Map<string, { seenMs: number }>>();
  private lastSweepMs = 0;

  constructor(
    private readonly maxSeriesPerMetric: number,
    private readonly idleTtlMs: number,
  ) {}

  /** Records the series as seen at `nowMs`; false when it is new and its metric is full. */
  admit(metric: string, seriesId: string, nowMs: number): boolean {
    this.sweepIfDue(nowMs);
    let series = this.byMetric.get(metric);
    if (!series) {
      series = new Map();
      this.byMetric.set(metric, series);
    }
    const known = series.get(seriesId);
    if (known !== undefined) {
      known.seenMs = nowMs;
      return true;
    }
    if (series.size >= this.maxSeriesPerMetric) return false;
    series.set(seriesId, { seenMs: nowMs });
    return true;
  }

  activeSeries(metric: string): number {
    return this.byMetric.get(metric)?.size ?? 0;
  }

  private sweepIfDue(nowMs: number): void {
    if (nowMs - this.lastSweepMs < this.idleTtlMs / 4) return;
    this.lastSweepMs = nowMs;
    const cutoff = nowMs - this.idleTtlMs;
    for (const [metric, series] of this.byMetric) {
      for (const [id, seen] of series) if (seen.seenMs < cutoff) series.delete(id);
      if (series.size === 0) this.byMetric.delete(metric);
    }
  }
}
