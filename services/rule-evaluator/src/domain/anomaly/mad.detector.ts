import { median, NORMAL, TimeWindow, type Detector, type Verdict } from './detector';
import { residuals, robustFit } from './trend';
import type { Detrend } from './zscore.detector';

export interface MadOptions {
  windowMs: number;
  threshold: number;
  minSamples: number;
  /** 'linear': the expectation follows a robust line through the window instead of its flat median. */
  detrend: Detrend;
  /** How far back the out-of-sample errors that scale the band reach. */
  scaleWindowMs: number;
}

/**
 * Robust z-score: 0.6745·(v − expected)/MAD. `expected` is the preceding window's median or, with
 * `detrend: linear`, a robust line through it extrapolated to now. The MAD is the larger of the window's
 * own and the median of the detector's past absolute prediction errors (the last `scaleWindowMs`, flagged
 * values left out): a short window's MAD alone is too noisy a scale, past errors also price in the
 * extrapolation, and the window's MAD still widens the band while a level change passes through it.
 */
export class MadDetector implements Detector {
  private readonly window: TimeWindow;
  private readonly errors: TimeWindow;

  constructor(private readonly opts: MadOptions) {
    this.window = new TimeWindow(opts.windowMs);
    this.errors = new TimeWindow(opts.scaleWindowMs);
  }

  observe(t: number, v: number): Verdict {
    const { ts, vs } = this.window;
    let verdict = NORMAL(v);
    if (vs.length >= this.opts.minSamples) {
      const { expected, windowMad } = this.expectation(ts, vs, t);
      const mad =
        this.errors.length >= this.opts.minSamples ? Math.max(median(this.errors.vs), windowMad) : windowMad;
      const z =
        mad > 0 ? (0.6745 * (v - expected)) / mad : v === expected ? 0 : Infinity * Math.sign(v - expected);
      verdict = { anomalous: Math.abs(z) > this.opts.threshold, score: z, expected };
      if (!verdict.anomalous) this.errors.push(t, Math.abs(v - expected));
    }
    this.window.push(t, v);
    return verdict;
  }

  private expectation(
    ts: readonly number[],
    vs: readonly number[],
    t: number,
  ): { expected: number; windowMad: number } {
    if (this.opts.detrend === 'none') {
      const expected = median(vs);
      return { expected, windowMad: median(vs.map((x) => Math.abs(x - expected))) };
    }
    const line = robustFit(ts, vs, t);
    return { expected: line.intercept, windowMad: median(residuals(ts, vs, t, line).map(Math.abs)) };
  }
}
