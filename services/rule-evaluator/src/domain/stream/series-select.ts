import type { LabelMatcher, SeriesData } from '../promql/api';
import { compileMatchers, matchesAll } from '../promql/matchers';
import type { StoredSeries } from './window-store';

/** Of `candidates`, the series matching every matcher, with their points in `[minT, maxT]` (none: left out). */
export function selectRange(
  candidates: Iterable<StoredSeries>,
  matchers: LabelMatcher[],
  minT: number,
  maxT: number,
): SeriesData[] {
  const compiled = compileMatchers(matchers);
  const out: SeriesData[] = [];
  for (const s of candidates) {
    if (!matchesAll(compiled, s.labels)) continue;
    const points = s.window.range(minT, maxT);
    if (points.length > 0) out.push({ labels: s.labels, points });
  }
  return out;
}

/** Like `selectRange`, with only the newest point in `[minT, maxT]` of each series. */
export function selectNewest(
  candidates: Iterable<StoredSeries>,
  matchers: LabelMatcher[],
  minT: number,
  maxT: number,
): SeriesData[] {
  const compiled = compileMatchers(matchers);
  const out: SeriesData[] = [];
  for (const s of candidates) {
    if (!matchesAll(compiled, s.labels)) continue;
    const p = s.window.latest(minT, maxT);
    if (p !== undefined) out.push({ labels: s.labels, points: [p] });
  }
  return out;
}
