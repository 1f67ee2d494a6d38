// In-process micro-benchmark of the collector's ingest stages (no HTTP, no broker): CPU µs per sample of
// each stage for the benchmark's 1,000-sample request, warm (same series every request, as in run.mjs and
// in real remote-write traffic) and cold (series catalog and series limiter empty for every request, so
// every series is decoded, validated and registered).
// Needs built dist/ of metrics-core and collector. Usage: node bench/collector/stages.mjs [iterations=300]
import { loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestLimits, requestSamples } from './workload.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
// BENCH_COLLECTOR_DIR: another build's collector directory (dist/ and node_modules/), for A/B comparisons
const COLLECTOR = process.env.BENCH_COLLECTOR_DIR ?? join(ROOT, 'services/collector');
const require = createRequire(join(COLLECTOR, 'package.json'));
const core = require('@streamwatch/metrics-core');
const dist = (p) => require(join(COLLECTOR, 'dist', p));
const codec = dist('adapters/remote-write.codec.js');
const reader = dist('adapters/remote-write.reader.js');
const { SeriesCatalog } = dist('domain/series-catalog.js');
const { attachSeries, parsePushEntries, pushEntries } = dist('domain/json-push.js');
const { PointScreen } = dist('domain/screening.js');
const { CardinalityLimiter } = dist('domain/cardinality.js');
const { shardMessages } = dist('domain/shard-series.js');

const ITER = Number(process.argv[2] ?? 300);
const N = 1000;
const limits = ingestLimits(core.DEFAULT_SAMPLE_LIMITS);

const rwBodyOf = (samples) =>
  codec.encodeWriteRequest(core.groupSeries(samples, (s) => core.seriesKey(s.name, s.labels)));
const pushBodyOf = (samples) =>
  Buffer.from(
    JSON.stringify(
      samples.map((s) => ({ name: s.name, labels: s.labels, value: s.value, timestamp: s.timestampMs })),
    ),
  );

/** CPU µs per sample of `fn()`, after a warm-up. */
function measure(fn) {
  for (let i = 0; i < Math.min(50, ITER); i++) fn();
  const t0 = process.cpuUsage();
  for (let i = 0; i < ITER; i++) fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / ITER / N;
}

/** warm: catalog and limiter kept across requests (every series known); cold: both fresh for each request. */
function stagesFor(cold, nowMs) {
  const samples = requestSamples(N, nowMs);
  const rw = rwBodyOf(samples);
  const push = pushBodyOf(samples);
  const sharedCatalog = new SeriesCatalog(limits.sample);
  const sharedCardinality = new CardinalityLimiter(10_000_000, 3_600_000);
  const catalog = () => (cold ? new SeriesCatalog(limits.sample) : sharedCatalog);
  const cardinality = () => (cold ? new CardinalityLimiter(10_000_000, 3_600_000) : sharedCardinality);
  const newScreen = () => new PointScreen({ limits, cardinality: cardinality(), nowMs });
  const screenPush = (items) => {
    const screen = newScreen();
    for (const { index, sample, series } of items) screen.offerSample(index, sample, series);
    return screen;
  };
  const screenWrite = (w) => {
    const screen = newScreen();
    reader.screenWrite(w, w.resolved, screen);
    return screen;
  };
  // what KafkaSampleSink sends for one request
  const messages = (points) => shardMessages([points], 'remote_write', 900_000);
  const raw = codec.snappyDecode(rw, 1 << 25);
  const scanned = reader.scanWriteRequest(raw);
  const c = catalog();
  const resolved = {
    ...scanned,
    resolved: reader.resolveSeries(scanned, c),
  };
  const json = JSON.parse(push.toString('utf8'));
  const pushed = parsePushEntries(pushEntries(json), nowMs);
  attachSeries(pushed.samples, c);
  const screened = screenWrite(resolved);
  const out = {};
  out['remote_write: snappy decode'] = measure(() => codec.snappyDecode(rw, 1 << 25));
  out['remote_write: protobuf scan'] = measure(() => reader.scanWriteRequest(raw));
  out['remote_write: series labels (catalog; decode + check if new)'] = measure(() => {
    const cat = catalog();
    reader.resolveSeries(scanned, cat);
  });
  out['remote_write: screening (window, cardinality) to columns'] = measure(() => screenWrite(resolved));
  out['push: JSON.parse'] = measure(() => JSON.parse(push.toString('utf8')));
  out['push: entries to samples'] = measure(() => parsePushEntries(pushEntries(json), nowMs));
  out['push: series identity (catalog; check if new)'] = measure(() => {
    const cat = catalog();
    attachSeries(parsePushEntries(pushEntries(json), nowMs).samples, cat);
  });
  out['push: screening (window, cardinality) to columns'] = measure(() => screenPush(pushed.samples));
  out['kafka messages (group by shard + series, wire encode)'] = measure(() => messages(screened.accepted));
  const acceptedSamples = screened.accepted.toSamples();
  out['(for comparison: buildSampleMessages on the same samples)'] = measure(() =>
    core.buildSampleMessages(acceptedSamples, 'remote_write'),
  );
  return out;
}

const now = Date.now();
console.log(
  `collector ingest stages: ${N}-sample requests, ${ITER} iterations, Node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
const warm = stagesFor(false, now);
const cold = stagesFor(true, now);
const sum = (r, prefix) =>
  Object.entries(r)
    .filter(([k]) => (k.startsWith(prefix) || k.startsWith('kafka')) && !k.includes('entries to samples'))
    .reduce((a, [, v]) => a + v, 0);
console.log('stage'.padEnd(58), 'warm µs/sample', ' cold µs/sample');
for (const k of Object.keys(warm))
  console.log(k.padEnd(58), warm[k].toFixed(2).padStart(14), cold[k].toFixed(2).padStart(15));
for (const p of ['remote_write', 'push'])
  console.log(
    `total ${p} (without HTTP and kafkajs)`.padEnd(58),
    sum(warm, p).toFixed(2).padStart(14),
    sum(cold, p).toFixed(2).padStart(15),
  );
console.log('("push: series identity" includes "push: entries to samples"; the totals count it once)');
