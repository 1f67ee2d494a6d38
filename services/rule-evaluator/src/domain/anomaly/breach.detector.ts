import { NORMAL, TimeWindow, type Detector, type Verdict } from './detector';
import { fit } from './trend';

export interface BreachOptions {
  /** Fit window for the linear regression (as predict_linear's range). */
  windowMs: number;
  /** Horizon: alert when the bound is predicted to be crossed within this time. */
  withinMs: number;
  bound: number;
  direction: 'above' | 'below';
  minSamples: number;
}

/**
 * "Will breach within N": predict_linear over the window (least squares, intercept at t), flagged when the
 * value at t + within crosses the bound. Score is the predicted time to breach in seconds (0 if breached).
 */
export class BreachDetector implements Detector {
  private readonly window: TimeWindow;

  constructor(private readonly opts: BreachOptions) {
    this.window = new TimeWindow(opts.windowMs);
  }

  observe(t: number, v: number): Verdict {
    this.window.push(t, v);
    if (this.window.length < this.opts.minSamples) return NORMAL(v);
    const { slope, intercept } = fit(this.window.ts, this.window.vs, t);
    const predicted = intercept + slope * (this.opts.withinMs / 1000);
    const above = this.opts.direction === 'above';
    const crossed = above ? predicted >= this.opts.bound : predicted <= this.opts.bound;
    const now = above ? intercept >= this.opts.bound : intercept <= this.opts.bound;
    const eta = now ? 0 : slope !== 0 ? (this.opts.bound - intercept) / slope : Infinity;
    return { anomalous: crossed, score: eta >= 0 ? eta : Infinity, expected: predicted };
  }
}
