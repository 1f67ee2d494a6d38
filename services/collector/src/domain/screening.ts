import { isStaleNaN, seriesKey, validateSample, type Sample } from '@streamwatch/metrics-core';
import { AcceptedPoints } from './accepted-points';
import type { CardinalityLimiter } from './cardinality';
import { inspectSeries, pointProblem, type KnownSeries, type Problem } from './known-series';
import { checkTimestampWindow, type IngestLimits } from './limits';
import type { SampleRejection } from './rejection';

export interface ScreenDeps {
  limits: IngestLimits;
  cardinality: CardinalityLimiter;
  nowMs: number;
}

/**
 * Splits a request's points into the acceptable and the refused: data model, label limits, timestamp
 * window, then the per-metric series limit (checked last so refused samples never take a series slot).
 * Name and labels are checked once per series when the caller already knows the series. Points are offered
 * in request order, so `rejections` stays sorted by index.
 */
export class PointScreen {
  readonly accepted = new AcceptedPoints();
  readonly rejections: SampleRejection[] = [];

  constructor(private readonly deps: ScreenDeps) {}

  /** A sample, with its series when that was already checked. */
  offerSample(index: number, sample: Sample, known?: KnownSeries): void {
    const series = known ?? inspectSeries(sample.name, sample.labels, this.deps.limits.sample);
    const problem = series.problem ?? pointProblem(sample, this.deps.limits.sample);
    if (problem) this.refuse(index, problem, describeSeries(sample));
    else
      this.admit(
        index,
        series,
        sample.timestampMs,
        sample.value,
        sample.stale === true || isStaleNaN(sample.value),
      );
  }

  /** A point of a checked series, its value already a number (as decoded from protobuf). */
  offerPoint(index: number, series: KnownSeries, timestampMs: number, value: number, stale: boolean): void {
    const problem =
      series.problem ??
      (Number.isSafeInteger(timestampMs)
        ? undefined
        : validateSample(
            { name: series.name, labels: series.labels, value, timestampMs },
            this.deps.limits.sample,
          ));
    if (problem) this.refuse(index, problem, describeSeries(series));
    else this.admit(index, series, timestampMs, value, stale);
  }

  refuse(index: number, problem: Problem, series: string): void {
    this.rejections.push({ index, ...problem, series });
  }

  private admit(
    index: number,
    series: KnownSeries,
    timestampMs: number,
    value: number,
    stale: boolean,
  ): void {
    const { limits, cardinality, nowMs } = this.deps;
    const outside = checkTimestampWindow(timestampMs, nowMs, limits);
    if (outside) this.refuse(index, outside, describeSeries(series));
    else if (!cardinality.admitSeries(series, nowMs))
      this.refuse(
        index,
        {
          reason: 'series_limit',
          field: 'labels',
          message: `metric "${series.name}" already has the maximum number of active series; new series refused`,
        },
        series.key,
      );
    else this.accepted.add(series, timestampMs, value, stale);
  }
}

/** A series identity for error messages, safe even when the sample is malformed. */
export function describeSeries(sample: Pick<Sample, 'name' | 'labels'>): string {
  const name = typeof sample.name === 'string' ? sample.name.slice(0, 200) : String(sample.name);
  if (typeof sample.labels !== 'object' || sample.labels === null) return name;
  try {
    return seriesKey(name, sample.labels).slice(0, 500);
  } catch {
    return name;
  }
}
