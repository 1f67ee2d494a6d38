import { median, NORMAL, TimeWindow, type Detector, type Verdict } from './detector';
import { SeasonalHistory } from './seasonal-history';

export interface SeasonalOptions {
  /** Season length, e.g. 1d or 1w. */
  periodMs: number;
  /** How many previous seasons form the baseline (their median). */
  seasons: number;
  /** Downsampling step of the kept history, e.g. 5m. */
  stepMs: number;
  /** Window of recent residuals whose MAD scales the band. */
  residualWindowMs: number;
  threshold: number;
  minResiduals: number;
}

/**
 * Compares a value with the same time in previous seasons: baseline = median of the step averages one,
 * two, … seasons ago; the band is `threshold` robust deviations of the recent residuals (their median is
 * taken out, so a slow trend between seasons is not an anomaly).
 */
export class SeasonalDetector implements Detector {
  readonly history: SeasonalHistory;
  private readonly residuals: TimeWindow;

  constructor(private readonly opts: SeasonalOptions) {
    this.history = new SeasonalHistory(opts.stepMs);
    this.residuals = new TimeWindow(opts.residualWindowMs);
  }

  observe(t: number, v: number): Verdict {
    const past: number[] = [];
    for (let k = 1; k <= this.opts.seasons; k++) {
      const x = this.history.at(t - k * this.opts.periodMs);
      if (x !== undefined) past.push(x);
    }
    if (t % (this.opts.periodMs / 4) < this.opts.stepMs)
      this.history.trimBefore(t - (this.opts.seasons + 1) * this.opts.periodMs);
    if (past.length === 0) {
      this.history.add(t, v);
      return NORMAL(v);
    }
    const baseline = median(past);
    const residual = v - baseline;
    const res = this.residuals.vs;
    let verdict: Verdict = NORMAL(baseline);
    if (res.length >= this.opts.minResiduals) {
      const center = median(res);
      const scale = 1.4826 * median(res.map((r) => Math.abs(r - center)));
      const score = scale > 0 ? (residual - center) / scale : 0;
      verdict = { anomalous: Math.abs(score) > this.opts.threshold, score, expected: baseline + center };
    }
    if (!verdict.anomalous) this.residuals.push(t, residual);
    // an anomalous value enters the history as its expectation, so it does not poison later seasons
    this.history.add(t, verdict.anomalous ? verdict.expected : v);
    return verdict;
  }
}
