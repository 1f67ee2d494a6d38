import type { Point } from './api';
import { linearRegression, meanOf, quantileOf, sumOf, varianceOf } from './stats';

/** Context a range function gets: the selector's window and the evaluation time. */
export interface RangeContext {
  rangeStart: number;
  rangeEnd: number;
  rangeMs: number;
  evalT: number;
  /** Scalar argument (predict_linear's seconds, quantile_over_time's q). */
  param: number;
}

export type RangeFn = (points: Point[], ctx: RangeContext) => number | undefined;

/** Port of Prometheus 2.x `extrapolatedRate` (promql/functions.go) for float samples. */
function extrapolatedRate(isCounter: boolean, isRate: boolean): RangeFn {
  return (points, ctx) => {
    if (points.length < 2) return undefined;
    const first = points[0] as Point;
    const last = points[points.length - 1] as Point;
    let result = last.v - first.v;
    if (isCounter) {
      let prev = first.v;
      for (let i = 1; i < points.length; i++) {
        const cur = (points[i] as Point).v;
        if (cur < prev) result += prev;
        prev = cur;
      }
    }
    let durationToStart = (first.t - ctx.rangeStart) / 1000;
    const durationToEnd = (ctx.rangeEnd - last.t) / 1000;
    const sampledInterval = (last.t - first.t) / 1000;
    const averageDurationBetweenSamples = sampledInterval / (points.length - 1);
    if (isCounter && result > 0 && first.v >= 0) {
      const durationToZero = sampledInterval * (first.v / result);
      if (durationToZero < durationToStart) durationToStart = durationToZero;
    }
    const extrapolationThreshold = averageDurationBetweenSamples * 1.1;
    let extrapolateToInterval = sampledInterval;
    extrapolateToInterval +=
      durationToStart < extrapolationThreshold ? durationToStart : averageDurationBetweenSamples / 2;
    extrapolateToInterval +=
      durationToEnd < extrapolationThreshold ? durationToEnd : averageDurationBetweenSamples / 2;
    let factor = extrapolateToInterval / sampledInterval;
    if (isRate) factor /= ctx.rangeMs / 1000;
    return result * factor;
  };
}

/** Port of Prometheus' `instantValue` for irate/idelta: the last two samples. */
function instantValue(isRate: boolean): RangeFn {
  return (points) => {
    if (points.length < 2) return undefined;
    const last = points[points.length - 1] as Point;
    const prev = points[points.length - 2] as Point;
    let result = isRate && last.v < prev.v ? last.v : last.v - prev.v;
    const sampledInterval = last.t - prev.t;
    if (sampledInterval === 0) return undefined;
    if (isRate) result /= sampledInterval / 1000;
    return result;
  };
}

const values = (points: Point[]): number[] => points.map((p) => p.v);

function changesOrResets(isReset: boolean): RangeFn {
  return (points) => {
    let n = 0;
    for (let i = 1; i < points.length; i++) {
      const prev = (points[i - 1] as Point).v;
      const cur = (points[i] as Point).v;
      if (isReset ? cur < prev : !(cur === prev || (Number.isNaN(cur) && Number.isNaN(prev)))) n++;
    }
    return n;
  };
}

function extreme(isMax: boolean): RangeFn {
  return (points) => {
    let best = (points[0] as Point).v;
    for (const p of points) {
      if (Number.isNaN(best) || (isMax ? p.v > best : p.v < best)) best = p.v;
    }
    return best;
  };
}

export const RANGE_FUNCTIONS: Readonly<Record<string, RangeFn>> = {
  rate: extrapolatedRate(true, true),
  increase: extrapolatedRate(true, false),
  delta: extrapolatedRate(false, false),
  irate: instantValue(true),
  idelta: instantValue(false),
  deriv: (points) => (points.length < 2 ? undefined : linearRegression(points, (points[0] as Point).t)[0]),
  predict_linear: (points, ctx) => {
    if (points.length < 2) return undefined;
    const [slope, intercept] = linearRegression(points, ctx.evalT);
    return slope * ctx.param + intercept;
  },
  resets: changesOrResets(true),
  changes: changesOrResets(false),
  avg_over_time: (points) => meanOf(values(points)),
  sum_over_time: (points) => sumOf(values(points)),
  count_over_time: (points) => points.length,
  min_over_time: extreme(false),
  max_over_time: extreme(true),
  stddev_over_time: (points) => Math.sqrt(varianceOf(values(points))),
  stdvar_over_time: (points) => varianceOf(values(points)),
  quantile_over_time: (points, ctx) => quantileOf(ctx.param, values(points)),
  last_over_time: (points) => (points[points.length - 1] as Point).v,
  present_over_time: () => 1,
};

/** Range functions whose result keeps the metric name (Prometheus 2.x). */
export const KEEPS_METRIC_NAME: ReadonlySet<string> = new Set(['last_over_time']);
