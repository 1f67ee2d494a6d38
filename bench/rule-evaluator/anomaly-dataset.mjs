// Labelled synthetic data set for the anomaly-quality benchmark. Deterministic for a given seed.
//
// Base signal, one point per `stepMs` (default 5 min) over `days` (default 63: nine weeks):
//   200 + 40·sin(2π(dayFraction − 0.25))     daily seasonality: trough at 00:00, peak at 12:00 UTC
//       − 15·(1 − cos 2π·dayFraction)/2      weekly seasonality: Saturdays and Sundays peak 15 lower
//                                             (weekly: 'smooth', the default; 0 at midnight, so no jump);
//       or − 15 all Saturday and Sunday        weekly: 'step': a ±15 jump at Saturday and Monday 00:00;
//                                             weekly: 'none': no weekly component
//       + 0.5 per day                         trend
//       + N(0, 2)                             Gaussian noise
// Injected anomalies, after `warmupDays` (15), one every `spacingHours` (29 h, so they visit every time of
// day and week), alternating sign (+, −, +, …):
//   spike        one point, ±30 (15 noise sd)
//   level_shift  ±25 for 4 h, then back
//   drift        a ramp from 0 to ±35 over 6 h, then back
// `kinds` chooses which kinds are injected (cycled in that order), so one data set per kind gives
// per-kind precision. Every point carries a label: the anomaly kind it belongs to, or null.

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const T0 = Date.UTC(2026, 0, 5); // a Monday

export const KINDS = {
  spike: { durationMs: 0, magnitude: 30, shape: () => 1 },
  level_shift: { durationMs: 4 * HOUR, magnitude: 25, shape: () => 1 },
  drift: { durationMs: 6 * HOUR, magnitude: 35, shape: (f) => f },
};

/** Park–Miller style LCG in [0, 1) and a Box–Muller normal, both seeded. */
export function rng(seed) {
  let s = seed >>> 0 || 1;
  const uniform = () => (s = (s * 48271) % 2147483647) / 2147483647;
  const normal = () => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

export function baseline(t, { weekly = 'smooth' } = {}) {
  const dayFraction = ((t - T0) % DAY) / DAY;
  const weekday = Math.floor((t - T0) / DAY) % 7; // 0 = Monday
  const dip = weekly === 'step' ? 1 : weekly === 'smooth' ? (1 - Math.cos(2 * Math.PI * dayFraction)) / 2 : 0;
  const weekend = weekday >= 5 ? -15 * dip : 0;
  return 200 + 40 * Math.sin(2 * Math.PI * (dayFraction - 0.25)) + weekend + 0.5 * ((t - T0) / DAY);
}

/**
 * @returns {{ ts: number[], vs: number[], labels: (string|null)[], anomalies: Array<{kind:string,start:number,end:number,sign:number}>, evalFrom: number, stepMs: number }}
 */
export function generateDataset({
  seed = 42,
  days = 63,
  warmupDays = 15,
  stepMs = 5 * MINUTE,
  kinds = Object.keys(KINDS),
  spacingHours = 29,
  weekly = 'smooth',
  noiseSd = 2,
} = {}) {
  const { normal } = rng(seed);
  const n = (days * DAY) / stepMs;
  const ts = new Array(n);
  const vs = new Array(n);
  const labels = new Array(n).fill(null);
  for (let i = 0; i < n; i++) {
    ts[i] = T0 + i * stepMs;
    vs[i] = baseline(ts[i], { weekly }) + noiseSd * normal();
  }
  const anomalies = [];
  const last = T0 + (days - 1) * DAY;
  for (let k = 0, start = T0 + warmupDays * DAY + 3 * HOUR; start < last; k++, start += spacingHours * HOUR) {
    const kind = kinds[k % kinds.length];
    const { durationMs, magnitude, shape } = KINDS[kind];
    const sign = k % 2 ? -1 : 1;
    const i0 = (start - T0) / stepMs;
    const len = Math.max(1, durationMs / stepMs);
    for (let j = 0; j < len; j++) {
      vs[i0 + j] += sign * magnitude * shape((j + 1) / len);
      labels[i0 + j] = kind;
    }
    anomalies.push({ kind, start, end: start + (len - 1) * stepMs, sign });
  }
  return { ts, vs, labels, anomalies, evalFrom: T0 + warmupDays * DAY, stepMs };
}
