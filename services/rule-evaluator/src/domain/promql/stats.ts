import type { Point } from './api';

/** Kahan-Babuska compensated summation step; returns [sum, compensation]. */
export function kahanSumInc(inc: number, sum: number, c: number): [number, number] {
  const t = sum + inc;
  if (Math.abs(sum) >= Math.abs(inc)) c += sum - t + inc;
  else c += inc - t + sum;
  return [t, c];
}

export function sumOf(values: readonly number[]): number {
  let sum = 0;
  let c = 0;
  for (const v of values) [sum, c] = kahanSumInc(v, sum, c);
  return Number.isFinite(sum) ? sum + c : sum;
}

/** Incremental mean as Prometheus computes avg_over_time. */
export function meanOf(values: readonly number[]): number {
  let mean = 0;
  let c = 0;
  let count = 0;
  for (const v of values) {
    count++;
    if (!Number.isFinite(mean) && !Number.isNaN(mean)) {
      if (!Number.isFinite(v) && !Number.isNaN(v) && mean > 0 === v > 0) continue;
      if (Number.isFinite(v)) continue;
    }
    [mean, c] = kahanSumInc(v / count - mean / count, mean, c);
  }
  return Number.isFinite(mean) ? mean + c : mean;
}

/** Population variance (Welford, compensated), as Prometheus' stdvar. */
export function varianceOf(values: readonly number[]): number {
  let count = 0;
  let mean = 0;
  let cMean = 0;
  let aux = 0;
  let cAux = 0;
  for (const v of values) {
    count++;
    const delta = v - (mean + cMean);
    [mean, cMean] = kahanSumInc(delta / count, mean, cMean);
    [aux, cAux] = kahanSumInc(delta * (v - (mean + cMean)), aux, cAux);
  }
  return (aux + cAux) / count;
}

/** Prometheus' quantile: linear interpolation between closest ranks; NaNs sort first. */
export function quantileOf(q: number, input: readonly number[]): number {
  if (input.length === 0 || Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const values = [...input].sort((a, b) =>
    Number.isNaN(a) ? (Number.isNaN(b) ? 0 : -1) : Number.isNaN(b) ? 1 : a - b,
  );
  const n = values.length;
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return (values[lower] as number) * (1 - weight) + (values[upper] as number) * weight;
}

/** Least-squares slope and intercept (at interceptTime) over the points, x in seconds. */
export function linearRegression(points: readonly Point[], interceptTime: number): [number, number] {
  const first = points[0] as Point;
  let constY = true;
  let n = 0;
  let sumX = 0,
    cX = 0,
    sumY = 0,
    cY = 0,
    sumXY = 0,
    cXY = 0,
    sumX2 = 0,
    cX2 = 0;
  for (const p of points) {
    if (constY && p.v !== first.v) constY = false;
    n++;
    const x = (p.t - interceptTime) / 1000;
    [sumX, cX] = kahanSumInc(x, sumX, cX);
    [sumY, cY] = kahanSumInc(p.v, sumY, cY);
    [sumXY, cXY] = kahanSumInc(x * p.v, sumXY, cXY);
    [sumX2, cX2] = kahanSumInc(x * x, sumX2, cX2);
  }
  if (constY) return Number.isFinite(first.v) || Number.isNaN(first.v) ? [0, first.v] : [NaN, NaN];
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  return [slope, sumY / n - (slope * sumX) / n];
}
