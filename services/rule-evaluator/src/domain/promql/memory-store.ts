import { isStaleNaN, STALE_NAN, type Labels } from '@streamwatch/metrics-core';
import type { LabelMatcher, Point, SeriesData, SeriesStore } from './api';
import { labelsKey } from './labels';
import { compileMatchers, matchesAll } from './matchers';
import { lowerBound, upperBound } from './values';

/** A simple in-memory SeriesStore (tests and the promtool-compatible test command). */
export class MemorySeriesStore implements SeriesStore {
  private readonly series = new Map<string, SeriesData>();

  /** Adds a sample; `stale` marks a staleness marker (defaults to checking the NaN payload). */
  add(labels: Labels, t: number, v: number, stale = isStaleNaN(v)): void {
    const point: Point = stale ? { t, v: STALE_NAN, stale: true } : { t, v };
    const key = labelsKey(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { labels, points: [] };
      this.series.set(key, s);
    }
    const last = s.points[s.points.length - 1];
    if (!last || last.t < t) s.points.push(point);
    else {
      const i = lowerBound(s.points, t);
      if (s.points[i]?.t === t) s.points[i] = point;
      else s.points.splice(i, 0, point);
    }
  }

  select(matchers: LabelMatcher[], minT: number, maxT: number): SeriesData[] {
    const compiled = compileMatchers(matchers);
    const out: SeriesData[] = [];
    for (const s of this.series.values()) {
      if (!matchesAll(compiled, s.labels)) continue;
      const from = lowerBound(s.points, minT);
      const to = upperBound(s.points, maxT);
      if (from < to) out.push({ labels: s.labels, points: s.points.slice(from, to) });
    }
    return out;
  }
}
