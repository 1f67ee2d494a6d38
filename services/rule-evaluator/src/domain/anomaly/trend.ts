import { median } from './detector';

/** A line `value = intercept + slope·x` with x in seconds relative to a reference time. */
export interface Line {
  slope: number;
  intercept: number;
}

/** Least-squares line with x in seconds relative to `at`, as Prometheus' linearRegression. */
export function fit(ts: readonly number[], vs: readonly number[], at: number): Line {
  const n = ts.length;
  let sx = 0,
    sy = 0,
    sxy = 0,
    sxx = 0;
  for (let i = 0; i < n; i++) {
    const x = ((ts[i] as number) - at) / 1000;
    const y = vs[i] as number;
    sx += x;
    sy += y;
    sxy += x * y;
    sxx += x * x;
  }
  const cov = sxy - (sx * sy) / n;
  const varx = sxx - (sx * sx) / n;
  const slope = varx === 0 ? 0 : cov / varx;
  return { slope, intercept: sy / n - (slope * sx) / n };
}

/**
 * Robust line (x in seconds relative to `at`): slope = median of the slopes between each point of the
 * older half and its partner half a window later, intercept = median of the de-sloped values. Up to a
 * quarter of the points may be outliers without tilting it; O(n log n).
 */
export function robustFit(ts: readonly number[], vs: readonly number[], at: number): Line {
  const n = ts.length;
  const half = n >> 1;
  const slopes: number[] = [];
  for (let i = 0; i + half < n; i++) {
    const dt = ((ts[i + half] as number) - (ts[i] as number)) / 1000;
    if (dt > 0) slopes.push(((vs[i + half] as number) - (vs[i] as number)) / dt);
  }
  const slope = slopes.length > 0 ? median(slopes) : 0;
  const intercept = median(vs.map((v, i) => v - (slope * ((ts[i] as number) - at)) / 1000));
  return { slope, intercept };
}

/** Residuals of the window's points against a line fitted relative to `at`. */
export function residuals(ts: readonly number[], vs: readonly number[], at: number, line: Line): number[] {
  return vs.map((v, i) => v - (line.intercept + (line.slope * ((ts[i] as number) - at)) / 1000));
}
