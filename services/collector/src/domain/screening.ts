import { seriesKey, validateSample, type Sample } from '@streamwatch/metrics-core';
import type { CardinalityLimiter } from './cardinality';
import type { IndexedSample } from './json-push';
import { checkTimestampWindow, type IngestLimits } from './limits';
import type { SampleRejection } from './rejection';

export interface ScreeningResult {
  accepted: Sample[];
  rejections: SampleRejection[];
}

/**
 * Splits a request's samples into the acceptable and the refused: data model, label limits, timestamp
 * window, then the per-metric series limit (checked last so refused samples never take a series slot).
 */
export function screenSamples(
  samples: readonly IndexedSample[],
  deps: { limits: IngestLimits; cardinality: CardinalityLimiter; nowMs: number },
): ScreeningResult {
  const accepted: Sample[] = [];
  const rejections: SampleRejection[] = [];
  for (const { index, sample } of samples) {
    const problem =
      validateSample(sample, deps.limits.sample) ?? checkTimestampWindow(sample.timestampMs, deps.nowMs, deps.limits);
    if (problem) {
      rejections.push({ index, ...problem, series: describeSeries(sample) });
      continue;
    }
    const key = seriesKey(sample.name, sample.labels);
    if (!deps.cardinality.admit(sample.name, key, deps.nowMs)) {
      rejections.push({
        index,
        reason: 'series_limit',
        field: 'labels',
        series: key,
        message: `metric "${sample.name}" already has the maximum number of active series; new series refused`,
      });
      continue;
    }
    accepted.push(sample);
  }
  return { accepted, rejections };
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
