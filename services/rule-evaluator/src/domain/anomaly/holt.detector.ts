import { NORMAL, type Detector, type Verdict } from './detector';

export interface HoltOptions {
  /** Level smoothing, 0..1. */
  alpha: number;
  /** Trend smoothing, 0..1. */
  beta: number;
  /** Residual threshold in smoothed standard deviations. */
  threshold: number;
  /** Observations before verdicts start. */
  minSamples: number;
}

/**
 * Holt's double exponential smoothing: forecasts the next value from level + trend and flags a residual
 * beyond `threshold` times the exponentially smoothed residual deviation. An anomalous value updates the
 * state with the forecast instead, so a spike does not drag the baseline.
 */
export class HoltDetector implements Detector {
  private level = NaN;
  private trend = 0;
  private variance = 0;
  private n = 0;

  constructor(private readonly opts: HoltOptions) {}

  observe(_t: number, v: number): Verdict {
    if (this.n === 0) {
      this.level = v;
      this.n = 1;
      return NORMAL(v);
    }
    const forecast = this.level + this.trend;
    const residual = v - forecast;
    const sd = Math.sqrt(this.variance);
    const score = sd > 0 ? residual / sd : 0;
    const anomalous = this.n >= this.opts.minSamples && Math.abs(score) > this.opts.threshold;
    const { alpha, beta } = this.opts;
    const input = anomalous ? forecast + Math.sign(residual) * this.opts.threshold * sd : v;
    const level = alpha * input + (1 - alpha) * forecast;
    this.trend = beta * (level - this.level) + (1 - beta) * this.trend;
    this.level = level;
    const r = input - forecast;
    this.variance = this.n === 1 ? r * r : 0.9 * this.variance + 0.1 * r * r;
    this.n++;
    return { anomalous, score, expected: forecast };
  }
}
