import type { SeasonalHistory } from './seasonal-history';

/** Verdict of a detector for one observation. */
export interface Verdict {
  anomalous: boolean;
  /** Deviation in the detector's own unit (z, robust z, residual sigmas, or ms to breach). */
  score: number;
  expected: number;
}

/** Per-series detector state; observations arrive in time order. */
export interface Detector {
  observe(t: number, v: number): Verdict;
  /** Downsampled history worth keeping across restarts (seasonal detectors only). */
  readonly history?: SeasonalHistory;
}

export const NORMAL = (expected: number): Verdict => ({ anomalous: false, score: 0, expected });

/** Values within `windowMs` of the newest observation, oldest first. */
export class TimeWindow {
  readonly ts: number[] = [];
  readonly vs: number[] = [];

  constructor(private readonly windowMs: number) {}

  push(t: number, v: number): void {
    this.ts.push(t);
    this.vs.push(v);
    let drop = 0;
    while (drop < this.ts.length && (this.ts[drop] as number) < t - this.windowMs) drop++;
    if (drop > 0) {
      this.ts.splice(0, drop);
      this.vs.splice(0, drop);
    }
  }

  get length(): number {
    return this.vs.length;
  }
}

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

export function stddev(xs: readonly number[], m = mean(xs)): number {
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return Math.sqrt(s / xs.length);
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
