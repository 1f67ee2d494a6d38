import type { Labels } from '@streamwatch/metrics-core';
import type { Point } from './api';

/** A vector element; `t` is the sample's own timestamp when it came straight from a selector. */
export interface Sample {
  labels: Labels;
  value: number;
  t?: number;
}

export interface RangeSeries {
  labels: Labels;
  points: Point[];
}

export type Value =
  | { type: 'vector'; samples: Sample[] }
  | { type: 'scalar'; value: number }
  | { type: 'string'; value: string }
  | { type: 'matrix'; series: RangeSeries[] };

export class EvalError extends Error {}

/** Index of the first point with t >= minT (points ascending). */
export function lowerBound(points: readonly Point[], minT: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((points[mid] as Point).t < minT) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first point with t > maxT. */
export function upperBound(points: readonly Point[], maxT: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((points[mid] as Point).t <= maxT) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
