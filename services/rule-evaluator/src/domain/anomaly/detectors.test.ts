import { parseAnomalySpec } from './anomaly-spec';
import { BreachDetector } from './breach.detector';
import type { Detector } from './detector';
import { HoltDetector } from './holt.detector';
import { MadDetector } from './mad.detector';
import { SeasonalDetector } from './seasonal.detector';
import { ZScoreDetector } from './zscore.detector';

const MIN = 60_000;
/** Deterministic noise in [-1, 1]. */
const noise = (i: number) => Math.sin(i * 12.9898) * 0.5 + Math.sin(i * 78.233) * 0.5;

function feed(d: Detector, values: number[], stepMs = MIN): boolean[] {
  return values.map((v, i) => d.observe(i * stepMs, v).anomalous);
}

describe('window detectors', () => {
  const series = Array.from({ length: 200 }, (_, i) => 100 + noise(i));
  series[150] = 130;

  it.each([
    ['zscore', new ZScoreDetector({ windowMs: 60 * MIN, threshold: 4, minSamples: 20, detrend: 'none' })],
    [
      'zscore linear',
      new ZScoreDetector({ windowMs: 60 * MIN, threshold: 5, minSamples: 20, detrend: 'linear' }),
    ],
    [
      'mad',
      new MadDetector({
        windowMs: 60 * MIN,
        threshold: 5,
        minSamples: 20,
        detrend: 'none',
        scaleWindowMs: 24 * 60 * MIN,
      }),
    ],
    [
      'mad linear',
      new MadDetector({
        windowMs: 60 * MIN,
        threshold: 6,
        minSamples: 20,
        detrend: 'linear',
        scaleWindowMs: 24 * 60 * MIN,
      }),
    ],
    ['holt', new HoltDetector({ alpha: 0.3, beta: 0.05, threshold: 5, minSamples: 20 })],
  ])('%s flags the spike and nothing else', (_name, detector) => {
    const flags = feed(detector, series);
    expect(flags.map((f, i) => (f ? i : -1)).filter((i) => i >= 0)).toEqual([150]);
  });
});

/** Seeded Gaussian noise (Park–Miller + Box–Muller), as the quality benchmark's generator. */
function gaussian(seed: number): () => number {
  let s = seed;
  const u = () => (s = (s * 48271) % 2147483647) / 2147483647;
  return () => Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u());
}

describe('detrended window detectors on a daily curve', () => {
  const step = 5 * MIN;
  const perDay = 288;
  const g = gaussian(42);
  const curve = Array.from(
    { length: perDay * 3 },
    (_, i) => 200 + 40 * Math.sin((2 * Math.PI * i) / perDay) + 2 * g(),
  );
  // on the steepest part of the curve, where a flat 3h window's own spread is about 9
  const spike = perDay * 2 + 2;
  const shift = perDay * 2 + 150;
  const values = curve.map((v, i) => v + (i === spike ? -20 : 0) + (i >= shift && i < shift + 48 ? -20 : 0));
  const flagged = (d: Detector) => feed(d, values, step).flatMap((f, i) => (f ? [i] : []));
  const outside = (idx: number[]) => idx.filter((i) => i !== spike && (i < shift || i > shift + 54));

  it('a flat 3h z-score misses a 10-sigma dip on the rising slope; the linear one flags it and the shift, nothing else', () => {
    expect(
      flagged(new ZScoreDetector({ windowMs: 180 * MIN, threshold: 4, minSamples: 20, detrend: 'none' })),
    ).not.toContain(spike);
    const idx = flagged(
      new ZScoreDetector({ windowMs: 120 * MIN, threshold: 6, minSamples: 20, detrend: 'linear' }),
    );
    expect(idx).toEqual(expect.arrayContaining([spike, shift]));
    expect(outside(idx)).toEqual([]);
  });

  it('the linear MAD flags the spike and the shift onset, nothing else', () => {
    const idx = flagged(
      new MadDetector({
        windowMs: 90 * MIN,
        threshold: 6,
        minSamples: 16,
        detrend: 'linear',
        scaleWindowMs: 24 * 60 * MIN,
      }),
    );
    expect(idx).toEqual(expect.arrayContaining([spike, shift]));
    expect(outside(idx)).toEqual([]);
  });

  it('Holt follows a slow drift without flagging it (by design; use seasonal for drifts)', () => {
    const drift = curve.map((v, i) => v + (i >= perDay * 2 ? Math.min(35, ((i - perDay * 2) * 35) / 72) : 0));
    const d = new HoltDetector({ alpha: 0.3, beta: 0.05, threshold: 5, minSamples: 20 });
    expect(feed(d, drift, step).some(Boolean)).toBe(false);
  });
});

describe('BreachDetector', () => {
  it('alerts when the linear trend reaches the bound within the horizon, before the breach', () => {
    const d = new BreachDetector({
      windowMs: 30 * MIN,
      withinMs: 60 * MIN,
      bound: 100,
      direction: 'above',
      minSamples: 5,
    });
    const flags = feed(
      d,
      Array.from({ length: 120 }, (_, i) => i),
    );
    const first = flags.indexOf(true);
    expect(first).toBeGreaterThanOrEqual(39);
    expect(first).toBeLessThanOrEqual(41);
  });
});

describe('SeasonalDetector', () => {
  it('learns a daily shape and flags a value that is normal at another time of day', () => {
    const step = 5 * MIN;
    const day = 24 * 60 * MIN;
    const d = new SeasonalDetector({
      periodMs: day,
      seasons: 2,
      stepMs: step,
      residualWindowMs: day,
      threshold: 5,
      minResiduals: 20,
    });
    const perDay = day / step;
    const shape = (i: number) => 100 + 50 * Math.sin((2 * Math.PI * (i % perDay)) / perDay) + noise(i);
    const n = perDay * 4;
    const values = Array.from({ length: n }, (_, i) => shape(i));
    const at = perDay * 3 + perDay / 4;
    values[at] = shape(at + perDay / 2);
    const flags = feed(d, values, step);
    expect(flags.map((f, i) => (f ? i : -1)).filter((i) => i >= 0)).toEqual([at]);
  });
});

describe('parseAnomalySpec', () => {
  it('names the bad field', () => {
    expect(() => parseAnomalySpec({ detector: 'nope' })).toThrow(/anomaly.detector/);
    expect(() => parseAnomalySpec({ detector: 'zscore' })).toThrow(/anomaly.window/);
    expect(() => parseAnomalySpec({ detector: 'zscore', window: '1h', foo: 1 })).toThrow(
      /anomaly.foo: unknown field/,
    );
    expect(() => parseAnomalySpec({ detector: 'mad', window: '1h', detrend: 'cubic' })).toThrow(
      /anomaly.detrend/,
    );
    expect(() => parseAnomalySpec({ detector: 'zscore', window: '1h', scale_window: '1d' })).toThrow(
      /anomaly.scale_window: unknown field/,
    );
    expect(parseAnomalySpec({ detector: 'mad', window: '1h', scale_window: '2d' }).horizonMs).toBe(
      2 * 24 * 60 * MIN,
    );
    expect(() => parseAnomalySpec({ detector: 'breach', window: '1h', within: '4h', bound: 'x' })).toThrow(
      /anomaly.bound/,
    );
    expect(parseAnomalySpec({ detector: 'seasonal', period: '1w' }).horizonMs).toBe(3 * 7 * 24 * 60 * MIN);
  });
});
