// Labelled synthetic data set + precision/recall/latency per anomaly detector.
// Run: (cd services/rule-evaluator && npx tsc -p tsconfig.build.json) && node bench/rule-evaluator/anomaly-quality.mjs
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const dist = new URL('../../services/rule-evaluator/dist/domain/anomaly/', import.meta.url).pathname;
const { parseAnomalySpec } = require(dist + 'anomaly-spec.js');

const STEP = 5 * 60_000, HOUR = 3_600_000, DAY = 24 * HOUR;
const DAYS = 35, WARMUP_DAYS = 15;
const T0 = Date.UTC(2026, 0, 5); // a Monday

let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());

/** daily + weekly seasonality, linear trend, gaussian noise (sd 2), then injected anomalies. */
function generate() {
  const n = (DAYS * DAY) / STEP;
  const ts = [], vs = [];
  for (let i = 0; i < n; i++) {
    const t = T0 + i * STEP;
    const dayFrac = (t % DAY) / DAY;
    const weekday = Math.floor((t - T0) / DAY) % 7;
    const weekly = weekday >= 5 ? -15 : 0;
    ts.push(t);
    vs.push(200 + 40 * Math.sin(2 * Math.PI * (dayFrac - 0.25)) + weekly + 0.5 * ((t - T0) / DAY) + 2 * gauss());
  }
  const anomalies = [];
  const kinds = ['spike', 'level_shift', 'drift'];
  for (let k = 0, start = T0 + WARMUP_DAYS * DAY + 3 * HOUR; start < T0 + (DAYS - 1) * DAY; k++, start += 11 * HOUR) {
    const kind = kinds[k % 3];
    const i0 = (start - T0) / STEP;
    const len = kind === 'spike' ? 1 : kind === 'level_shift' ? (4 * HOUR) / STEP : (6 * HOUR) / STEP;
    const sign = k % 2 ? -1 : 1;
    for (let j = 0; j < len; j++) {
      const mag = kind === 'spike' ? 30 : kind === 'level_shift' ? 25 : 35 * (j / len);
      vs[i0 + j] += sign * mag;
    }
    anomalies.push({ kind, start, end: start + (len - 1) * STEP });
  }
  return { ts, vs, anomalies };
}

const DETECTORS = {
  zscore: { detector: 'zscore', window: '3h', threshold: 4 },
  mad: { detector: 'mad', window: '3h', threshold: 5 },
  holt: { detector: 'holt', alpha: 0.3, beta: 0.05, threshold: 5 },
  seasonal_1d: { detector: 'seasonal', period: '1d', seasons: 3, step: '5m', threshold: 5 },
  seasonal_1w: { detector: 'seasonal', period: '1w', seasons: 2, step: '5m', threshold: 5 },
};
const GRACE = 30 * 60_000;

function score(name, raw, data) {
  const d = parseAnomalySpec(raw).create();
  const flags = data.ts.map((t, i) => d.observe(t, data.vs[i]).anomalous);
  const evalFrom = T0 + WARMUP_DAYS * DAY;
  const inWindow = (t) => data.anomalies.find((a) => t >= a.start && t <= a.end + GRACE);
  let onsets = 0, falseOnsets = 0, normalPoints = 0, falsePoints = 0;
  const first = new Map();
  for (let i = 1; i < flags.length; i++) {
    const t = data.ts[i];
    if (t < evalFrom) continue;
    const a = inWindow(t);
    if (!a) { normalPoints++; if (flags[i]) falsePoints++; }
    if (flags[i] && a && !first.has(a)) first.set(a, t);
    if (flags[i] && !flags[i - 1]) { onsets++; if (!a) falseOnsets++; }
  }
  const byKind = {};
  for (const a of data.anomalies) {
    const k = (byKind[a.kind] ??= { n: 0, hit: 0, lat: [] });
    k.n++;
    if (first.has(a)) { k.hit++; k.lat.push((first.get(a) - a.start) / 60_000); }
  }
  const hits = data.anomalies.filter((a) => first.has(a)).length;
  const lat = [...first.entries()].map(([a, t]) => (t - a.start) / 60_000).sort((x, y) => x - y);
  return {
    name,
    recall: hits / data.anomalies.length,
    precision: onsets ? (onsets - falseOnsets) / onsets : 1,
    falseAlertShare: onsets ? falseOnsets / onsets : 0,
    falsePointRate: falsePoints / normalPoints,
    latencyP50Min: lat[Math.floor(lat.length / 2)] ?? NaN,
    byKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, `${v.hit}/${v.n}, median ${v.lat.sort((x, y) => x - y)[Math.floor(v.lat.length / 2)] ?? '-'} min`])),
  };
}

const data = generate();
console.log(`data: ${data.ts.length} points (5m step, ${DAYS} days), ${data.anomalies.length} labelled anomalies after a ${WARMUP_DAYS}-day warm-up`);
console.log('detector      recall  precision  false-alert share  false points  p50 latency  per kind (detected/total, median latency)');
for (const [name, raw] of Object.entries(DETECTORS)) {
  const r = score(name, raw, data);
  console.log(
    `${name.padEnd(13)} ${(100 * r.recall).toFixed(1).padStart(5)}%  ${(100 * r.precision).toFixed(1).padStart(7)}%  ${(100 * r.falseAlertShare).toFixed(1).padStart(15)}%  ${(100 * r.falsePointRate).toFixed(2).padStart(10)}%  ${String(r.latencyPMin ?? r.latencyP50Min).padStart(7)} min  ${JSON.stringify(r.byKind)}`,
  );
}
