import { mean, NORMAL, stddev, TimeWindow, type Detector, type Verdict } from './detector';
import { fit, residuals } from './trend';

export type Detrend = 'none' | 'linear';

export interface ZScoreOptions {
  windowMs: number;
  threshold: number;
  minSamples: number;
  /** 'linear': the band follows a least-squares line through the window instead of its flat mean. */
  detrend: Detrend;
}

/**
 * Flags values more than `threshold` standard deviations from the expectation given the preceding window:
 * its mean, or with `detrend: linear` the least-squares line through it extrapolated to now (so a daily
 * curve or a trend inside the window does not widen the band).
 */
export class ZScoreDetector implements Detector {
  private readonly window: TimeWindow;

  constructor(private readonly opts: ZScoreOptions) {
    this.window = new TimeWindow(opts.windowMs);
  }

  observe(t: number, v: number): Verdict {
    const { ts, vs } = this.window;
    let verdict = NORMAL(v);
    if (vs.length >= this.opts.minSamples) {
      const { expected, sd } = this.opts.detrend === 'linear' ? linearBand(ts, vs, t) : flatBand(vs);
      const z = sd > 0 ? (v - expected) / sd : v === expected ? 0 : Infinity * Math.sign(v - expected);
      verdict = { anomalous: Math.abs(z) > this.opts.threshold, score: z, expected };
    }
    this.window.push(t, v);
    return verdict;
  }
}

function flatBand(vs: readonly number[]): { expected: number; sd: number } {
  const m = mean(vs);
  return { expected: m, sd: stddev(vs, m) };
}

function linearBand(
  ts: readonly number[],
  vs: readonly number[],
  t: number,
): { expected: number; sd: number } {
  const line = fit(ts, vs, t);
  const r = residuals(ts, vs, t, line);
  let sse = 0;
  for (const x of r) sse += x * x;
  return { expected: line.intercept, sd: Math.sqrt(sse / Math.max(1, r.length - 2)) };
}
