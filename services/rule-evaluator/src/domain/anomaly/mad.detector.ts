import { median, NORMAL, TimeWindow, type Detector, type Verdict } from './detector';

export interface MadOptions {
  windowMs: number;
  threshold: number;
  minSamples: number;
}

/** Robust z-score: 0.6745·(v − median)/MAD over the preceding window; outliers barely move the band. */
export class MadDetector implements Detector {
  private readonly window: TimeWindow;

  constructor(private readonly opts: MadOptions) {
    this.window = new TimeWindow(opts.windowMs);
  }

  observe(t: number, v: number): Verdict {
    const history = this.window.vs;
    let verdict = NORMAL(v);
    if (history.length >= this.opts.minSamples) {
      const med = median(history);
      const mad = median(history.map((x) => Math.abs(x - med)));
      const z = mad > 0 ? (0.6745 * (v - med)) / mad : v === med ? 0 : Infinity * Math.sign(v - med);
      verdict = { anomalous: Math.abs(z) > this.opts.threshold, score: z, expected: med };
    }
    this.window.push(t, v);
    return verdict;
  }
}
