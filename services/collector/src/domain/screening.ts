import { seriesKey, type Sample } from '@streamwatch/metrics-core';
import type { CardinalityLimiter } from './cardinality';
import type { IndexedSample } from './json-push';
import { inspectSeries, pointProblem, type KnownSeries } from './known-series';
import { checkTimestampWindow, type IngestLimits } from './limits';
import type { SampleRejection } from './rejection';

export interface ScreeningResult {
  accepted: Sample[];
  /** The series of each accepted sample (same positions). */
  acceptedSeries: KnownSeries[];
  rejections: SampleRejection[];
}

/**
 * Splits a request's samples into the acceptable and the refused: data model, label limits, timestamp
 * window, then the per-metric series limit (checked last so refused samples never take a series slot).
 * Name and labels are checked once per series when the caller already knows the series.
 */
export function screenSamples(
  samples: readonly IndexedSample[],
  deps: { limits: IngestLimits; cardinality: CardinalityLimiter; nowMs: number },
): ScreeningResult {
  const accepted: Sample[] = [];
  const acceptedSeries: KnownSeries[] = [];
  const rejections: SampleRejection[] = [];
  const { limits, cardinality, nowMs } = deps;
  for (const item of samples) {
    const { index, sample } = item;
    const series = item.series ?? inspectSeries(sample.name, sample.labels, limits.sample);
    const problem =
      series.problem ??
      pointProblem(sample, limits.sample) ??
      checkTimestampWindow(sample.timestampMs, nowMs, limits);
    if (problem) {
      rejections.push({ index, ...problem, series: describeSeries(sample) });
      continue;
    }
    if (!cardinality.admit(sample.name, series.key, nowMs)) {
      rejections.push({
        index,
        reason: 'series_limit',
        field: 'labels',
        series: series.key,
        message: `metric "${sample.name}" already has the maximum number of active series; new series refused`,
      });
      continue;
    }
    accepted.push(sample);
    acceptedSeries.push(series);
  }
  return { accepted, acceptedSeries, rejections };
}

/** A series identity for error messages, safe even when the sample is malformed. */
export function describeSeries(sample: Sample): string {
  const name = typeof sample.name === 'string' ? sample.name.slice(0, 200) : String(sample.name);
  if (typeof sample.labels !== 'object' || sample.labels === null) return name;
  try {
    return seriesKey(name, sample.labels).slice(0, 500);
  } catch {
    return name;
  }
}
