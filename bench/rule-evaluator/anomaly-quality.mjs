// Precision / recall / detection latency of each anomaly detector, per anomaly kind, on the labelled
// synthetic data set of anomaly-dataset.mjs (documented there and in docs/benchmarks/rule-evaluator.md).
// Run: (cd services/rule-evaluator && npx tsc -p tsconfig.build.json) && node bench/rule-evaluator/anomaly-quality.mjs
// Options: --dist <dir> (compiled src dir, default services/rule-evaluator/dist), --json
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { DAY, MINUTE, generateDataset } from './anomaly-dataset.mjs';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const distArg = args.indexOf('--dist');
const dist =
  distArg >= 0
    ? new URL(args[distArg + 1], `file://${process.cwd()}/`).pathname
    : new URL('../../services/rule-evaluator/dist/', import.meta.url).pathname;
const { parseAnomalySpec } = require(`${dist.replace(/\/?$/, '/')}domain/anomaly/anomaly-spec.js`);

const TARGET = { recall: 0.9, falseShare: 0.05 };
/** A flag up to this long after an anomaly ends is the recovery edge: neither a detection nor a false alert. */
const RECOVERY_GRACE = 30 * MINUTE;

/**
 * Settings under test, and the data sets each detector is meant for (the target applies to those).
 * Sets: one per kind (spike, level_shift, drift), "mixed" (the three kinds in turn), "weekly_step" (mixed,
 * the weekend dip as a ±15 jump at midnight) and "no_weekly" (mixed, daily seasonality only).
 */
export const DETECTORS = {
  zscore: {
    spec: { detector: 'zscore', window: '2h', threshold: 6, interval: '5m' },
    meantFor: ['spike', 'level_shift'],
  },
  mad: {
    spec: { detector: 'mad', window: '90m', threshold: 6, min_samples: 16, interval: '5m' },
    meantFor: ['spike', 'level_shift'],
  },
  holt: {
    spec: { detector: 'holt', alpha: 0.3, beta: 0.05, threshold: 5, interval: '5m' },
    meantFor: ['spike', 'level_shift'],
  },
  seasonal_1d: {
    spec: { detector: 'seasonal', period: '1d', seasons: 3, step: '5m', threshold: 5, interval: '5m' },
    meantFor: ['no_weekly'],
  },
  seasonal_1w: {
    spec: { detector: 'seasonal', period: '1w', seasons: 2, step: '5m', threshold: 5, interval: '5m' },
    meantFor: ['spike', 'level_shift', 'drift', 'mixed', 'weekly_step'],
  },
};
export const SETS = {
  spike: { kinds: ['spike'] },
  level_shift: { kinds: ['level_shift'] },
  drift: { kinds: ['drift'] },
  mixed: {},
  weekly_step: { weekly: 'step' },
  no_weekly: { weekly: 'none' },
};

const quantile = (xs, q) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};

/** Feeds every point to a fresh detector and scores its flags against the labels. */
export function score(spec, data) {
  const detector = parseAnomalySpec(spec).create();
  const flags = data.ts.map((t, i) => detector.observe(t, data.vs[i]).anomalous);
  const during = (t) => data.anomalies.find((a) => t >= a.start && t <= a.end);
  const recovering = (t) => data.anomalies.some((a) => t > a.end && t <= a.end + RECOVERY_GRACE);
  const first = new Map();
  let falseEpisodes = 0,
    normalPoints = 0,
    falsePoints = 0;
  let episode = null; // while a run of flags lasts: did it touch an anomaly, did it touch normal points
  const close = () => {
    if (episode?.stray && !episode.hit) falseEpisodes++;
    episode = null;
  };
  for (let i = 0; i < flags.length; i++) {
    const t = data.ts[i];
    if (t < data.evalFrom) continue;
    const a = during(t);
    const normal = !a && !recovering(t);
    if (normal) normalPoints++;
    if (!flags[i]) {
      close();
      continue;
    }
    episode ??= { hit: false, stray: false };
    if (a) {
      episode.hit = true;
      if (!first.has(a)) first.set(a, t);
    } else if (normal) {
      episode.stray = true;
      falsePoints++;
    }
  }
  close();
  // each detected anomaly counts once, however often its alert flapped
  const alerts = first.size + falseEpisodes;
  const latencies = [...first.entries()].map(([a, t]) => (t - a.start) / MINUTE);
  const evalDays = (data.ts[data.ts.length - 1] - data.evalFrom) / DAY;
  return {
    anomalies: data.anomalies.length,
    detected: first.size,
    recall: first.size / data.anomalies.length,
    precision: alerts ? first.size / alerts : 1,
    falseShare: alerts ? falseEpisodes / alerts : 0,
    falsePerDay: falseEpisodes / evalDays,
    falsePointRate: normalPoints ? falsePoints / normalPoints : 0,
    latencyP50Min: quantile(latencies, 0.5),
    latencyP90Min: quantile(latencies, 0.9),
  };
}

const pct = (x) => `${(100 * x).toFixed(1)}%`;
const min = (x) => (Number.isNaN(x) ? '-' : `${x}`);

function main() {
  const sets = Object.fromEntries(Object.entries(SETS).map(([name, opts]) => [name, generateDataset(opts)]));
  const s = sets.mixed;
  console.log(
    `data: per kind one set of ${s.ts.length} points (5 min step, 63 days, seed 42); ${sets.spike.anomalies.length} anomalies per set after a 15-day warm-up; "mixed" cycles the three kinds; "weekly_step": mixed with the weekend dip as a ±15 jump at midnight; "no_weekly": mixed without weekly seasonality`,
  );
  console.log(
    `target (issue 4): recall >= ${pct(TARGET.recall)} and false-alert share < ${pct(TARGET.falseShare)} on the kinds a detector is meant for (*)`,
  );
  const header = [
    'detector',
    'data set',
    'recall',
    'precision',
    'false share',
    'false/day',
    'false pts',
    'lat p50',
    'lat p90',
    'target',
  ];
  const rows = [];
  const json = [];
  for (const [name, { spec, meantFor }] of Object.entries(DETECTORS)) {
    for (const kind of Object.keys(SETS)) {
      const r = score(spec, sets[kind]);
      const meant = meantFor.includes(kind);
      const ok = r.recall >= TARGET.recall && r.falseShare < TARGET.falseShare;
      json.push({ detector: name, kind, meant, ...r });
      rows.push([
        name,
        `${kind}${meant ? '*' : ''}`,
        `${pct(r.recall)} (${r.detected}/${r.anomalies})`,
        pct(r.precision),
        pct(r.falseShare),
        r.falsePerDay.toFixed(2),
        `${(100 * r.falsePointRate).toFixed(2)}%`,
        `${min(r.latencyP50Min)} min`,
        `${min(r.latencyP90Min)} min`,
        ok ? 'met' : meant ? 'MISSED' : 'not meant',
      ]);
    }
  }
  if (args.includes('--json')) return console.log(JSON.stringify(json, null, 2));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
  const missed = json.filter(
    (r) => r.meant && !(r.recall >= TARGET.recall && r.falseShare < TARGET.falseShare),
  );
  console.log(
    missed.length === 0
      ? 'every detector meets the target on the kinds it is meant for'
      : `target missed: ${missed.map((r) => `${r.detector}/${r.kind}`).join(', ')}`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) main();
