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
    ['zscore', new ZScoreDetector({ windowMs: 60 * MIN, threshold: 4, minSamples: 20 })],
    ['mad', new MadDetector({ windowMs: 60 * MIN, threshold: 5, minSamples: 20 })],
    ['holt', new HoltDetector({ alpha: 0.3, beta: 0.05, threshold: 5, minSamples: 20 })],
  ])('%s flags the spike and nothing else', (_name, detector) => {
    const flags = feed(detector, series);
    expect(flags.map((f, i) => (f ? i : -1)).filter((i) => i >= 0)).toEqual([150]);
  });
});

describe('BreachDetector', () => {
  it('alerts when the linear trend reaches the bound within the horizon, before the breach', () => {
    const d = new BreachDetector({ windowMs: 30 * MIN, withinMs: 60 * MIN, bound: 100, direction: 'above', minSamples: 5 });
    const flags = feed(d, Array.from({ length: 120 }, (_, i) => i));
    const first = flags.indexOf(true);
    expect(first).toBeGreaterThanOrEqual(39);
    expect(first).toBeLessThanOrEqual(41);
  });
});

describe('SeasonalDetector', () => {
  it('learns a daily shape and flags a value that is normal at another time of day', () => {
    const step = 5 * MIN;
    const day = 24 * 60 * MIN;
    const d = new SeasonalDetector({ periodMs: day, seasons: 2, stepMs: step, residualWindowMs: day, threshold: 5, minResiduals: 20 });
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
    expect(() => parseAnomalySpec({ detector: 'zscore', window: '1h', foo: 1 })).toThrow(/anomaly.foo: unknown field/);
    expect(() => parseAnomalySpec({ detector: 'breach', window: '1h', within: '4h', bound: 'x' })).toThrow(/anomaly.bound/);
    expect(parseAnomalySpec({ detector: 'seasonal', period: '1w' }).horizonMs).toBe(3 * 7 * 24 * 60 * MIN);
  });
});
