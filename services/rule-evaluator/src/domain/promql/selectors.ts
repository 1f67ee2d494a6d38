import { isStaleNaN } from '@streamwatch/metrics-core';
import { LOOKBACK_DELTA_MS, type Point, type SeriesStore } from './api';
import type { MatrixSelectorNode, VectorSelectorNode } from './ast';
import { lowerBound, upperBound, type RangeSeries, type Sample } from './values';

const isStale = (p: Point): boolean => p.stale === true || isStaleNaN(p.v);

/**
 * Instant selector: the newest sample at or before t-offset, not older than the 5m lookback delta
 * (both bounds inclusive, as Prometheus 2.x); a staleness marker as newest sample ends the series.
 */
export function selectInstant(node: VectorSelectorNode, store: SeriesStore, t: number): Sample[] {
  const ts = t - node.offsetMs;
  const minT = ts - LOOKBACK_DELTA_MS;
  const out: Sample[] = [];
  const series = store.selectLatest
    ? store.selectLatest(node.matchers, minT, ts)
    : store.select(node.matchers, minT, ts);
  for (const s of series) {
    const idx = upperBound(s.points, ts) - 1;
    if (idx < 0) continue;
    const p = s.points[idx] as Point;
    if (p.t < minT || isStale(p)) continue;
    out.push({ labels: s.labels, value: p.v, t: p.t });
  }
  return out;
}

/** Range selector: samples in [t-offset-range, t-offset] (inclusive, as Prometheus 2.x), without staleness markers. */
export function selectRange(node: MatrixSelectorNode, store: SeriesStore, t: number): RangeSeries[] {
  const ts = t - node.selector.offsetMs;
  const minT = ts - node.rangeMs;
  const out: RangeSeries[] = [];
  for (const s of store.select(node.selector.matchers, minT, ts)) {
    const from = lowerBound(s.points, minT);
    const to = upperBound(s.points, ts);
    if (from >= to) continue;
    let points: Point[] = s.points.slice(from, to);
    if (points.some(isStale)) points = points.filter((p) => !isStale(p));
    if (points.length > 0) out.push({ labels: s.labels, points });
  }
  return out;
}
