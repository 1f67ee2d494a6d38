import { mean, NORMAL, stddev, TimeWindow, type Detector, type Verdict } from './detector';

export interface ZScoreOptions {
  windowMs: number;
  threshold: number;
  minSamples: number;
}

/** Flags values more than `threshold` standard deviations from the mean of the preceding window. */
export class ZScoreDetector implements Detector {
  private readonly window: TimeWindow;

  constructor(private readonly opts: ZScoreOptions) {
    this.window = new TimeWindow(opts.windowMs);
  }

  observe(t: number, v: number): Verdict {
    const history = this.window.vs;
    let verdict = NORMAL(v);
    if (history.length >= this.opts.minSamples) {
      const m = mean(history);
      const sd = stddev(history, m);
      const z = sd > 0 ? (v - m) / sd : v === m ? 0 : Infinity * Math.sign(v - m);
      verdict = { anomalous: Math.abs(z) > this.opts.threshold, score: z, expected: m };
    }
    this.window.push(t, v);
    return verdict;
  }
}
