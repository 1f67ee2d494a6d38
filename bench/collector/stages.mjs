// In-process micro-benchmark of the collector's ingest stages (no HTTP, no broker): CPU µs per sample of
// each stage for the benchmark's 1,000-sample request, warm (same series every request, as in run.mjs and
// in real remote-write traffic) and cold (every request brings 1,000 never-seen series).
// Needs built dist/ of metrics-core and collector. Usage: node bench/collector/stages.mjs [iterations=300]
import { loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const COLLECTOR = join(ROOT, 'services/collector');
const require = createRequire(join(COLLECTOR, 'package.json'));
const core = require('@streamwatch/metrics-core');
const dist = (p) => require(join(COLLECTOR, 'dist', p));
const codec = dist('adapters/remote-write.codec.js');
const reader = dist('adapters/remote-write.reader.js');
const { SeriesCatalog } = dist('domain/series-catalog.js');
const { parsePushEntries, pushEntries } = dist('domain/json-push.js');
const { screenSamples } = dist('domain/screening.js');
const { CardinalityLimiter } = dist('domain/cardinality.js');
const { groupByShard } = dist('domain/shard-series.js');
// what SampleProducer.publishShards encodes (not part of metrics-core's public index)
const { encodeShardSeries } = require(join(ROOT, 'packages/metrics-core/dist/kafka/sample-producer.js'));

const ITER = Number(process.argv[2] ?? 300);
const N = 1000;
const limits = { maxSamplesPerRequest: 50_000, sample: core.DEFAULT_SAMPLE_LIMITS, maxAgeMs: 3_600_000, maxFutureMs: 600_000 };

function requestSamples(now, tag = '') {
  return Array.from({ length: N }, (_, i) => ({
    name: `bench_metric_${i % 50}`,
    labels: { job: 'bench', instance: `host-${i % 20}:9100`, idx: `${tag}${i}`, mode: i % 2 ? 'user' : 'system' },
    value: i * 1.5,
    timestampMs: now,
  }));
}
const rwBodyOf = (samples) => codec.encodeWriteRequest(core.groupSeries(samples, (s) => core.seriesKey(s.name, s.labels)));
const pushBodyOf = (samples) =>
  Buffer.from(JSON.stringify(samples.map((s) => ({ name: s.name, labels: s.labels, value: s.value, timestamp: s.timestampMs }))));

/** CPU µs per sample of `fn(input)`, after a warm-up; `inputs(i)` gives the i-th input. */
function measure(fn, inputs) {
  for (let i = 0; i < Math.min(50, ITER); i++) fn(inputs(ITER + i));
  const t0 = process.cpuUsage();
  for (let i = 0; i < ITER; i++) fn(inputs(i));
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / ITER / N;
}

function stagesFor(bodies, nowMs) {
  // inputs of each stage are prepared with their own catalog and limiter, so the measured ones start empty:
  // warm = every series known from the previous request, cold = every request brings new series
  const prepCatalog = new SeriesCatalog(limits.sample, 1_000_000);
  const prepCardinality = new CardinalityLimiter(10_000_000, 3_600_000);
  const catalog = new SeriesCatalog(limits.sample); // default bound, as in the collector
  const cardinality = new CardinalityLimiter(10_000_000, 3_600_000);
  const resolve = (id, decode) => catalog.resolve(id, decode);
  const screen = (samples) => screenSamples(samples, { limits, cardinality, nowMs });
  const prepScreen = (samples) => screenSamples(samples, { limits, cardinality: prepCardinality, nowMs });
  const at = (arr) => (i) => arr[i % arr.length];
  const rw = bodies.map((b) => b.rw);
  const push = bodies.map((b) => b.push);
  const raw = rw.map((b) => codec.snappyDecode(b, 1 << 25));
  const scanned = raw.map((r) => reader.scanWriteRequest(r));
  const resolved = scanned.map((w) => ({ ...w, resolved: reader.resolveSeries(w, (id, decode) => prepCatalog.resolve(id, decode)) }));
  const flat = resolved.map((r) => reader.flattenWrite(r, r.resolved));
  const parsedJson = push.map((b) => JSON.parse(b.toString('utf8')));
  const pushed = parsedJson.map((j) => parsePushEntries(pushEntries(j), nowMs));
  const pushCardinality = new CardinalityLimiter(10_000_000, 3_600_000);
  const screened = flat.map((f) => prepScreen(f.samples));
  const accepted = screened.map((r) => r.accepted);
  const out = {};
  out['remote_write: snappy decode'] = measure((b) => codec.snappyDecode(b, 1 << 25), at(rw));
  out['remote_write: protobuf scan'] = measure((r) => reader.scanWriteRequest(r), at(raw));
  out['remote_write: series labels (decode + check, cached)'] = measure((w) => reader.resolveSeries(w, resolve), at(scanned));
  out['remote_write: flatten to samples'] = measure((r) => reader.flattenWrite(r, r.resolved), at(resolved));
  out['remote_write: screening (window, cardinality)'] = measure((f) => screen(f.samples), at(flat));
  out['push: JSON.parse'] = measure((b) => JSON.parse(b.toString('utf8')), at(push));
  out['push: entries to samples'] = measure((j) => parsePushEntries(pushEntries(j), nowMs), at(parsedJson));
  out['push: screening (validate, window, cardinality)'] = measure((p) => screenSamples(p.samples, { limits, cardinality: pushCardinality, nowMs }), at(pushed));
  out['kafka messages (group by shard + series, wire encode)'] = measure(
    (r) => encodeShardSeries(groupByShard(r.accepted, r.acceptedSeries), 'remote_write'),
    at(screened),
  );
  out['(for comparison: buildSampleMessages on the same samples)'] = measure((a) => core.buildSampleMessages(a, 'remote_write'), at(accepted));
  return out;
}

const now = Date.now();
console.log(`collector ingest stages: ${N}-sample requests, ${ITER} iterations, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const warmSamples = requestSamples(now);
const warm = stagesFor([{ rw: rwBodyOf(warmSamples), push: pushBodyOf(warmSamples) }], now);
const coldBodies = Array.from({ length: ITER + Math.min(50, ITER) }, (_, i) => {
  const s = requestSamples(now, `r${i}-`);
  return { rw: rwBodyOf(s), push: pushBodyOf(s) };
});
const cold = stagesFor(coldBodies, now);
const sum = (r, prefix) => Object.entries(r).filter(([k]) => k.startsWith(prefix) || k.startsWith('kafka')).reduce((a, [, v]) => a + v, 0);
// push samples carry their own labels objects, so their series keys are computed per sample in screening
console.log('stage'.padEnd(58), 'warm µs/sample', ' cold µs/sample');
for (const k of Object.keys(warm)) console.log(k.padEnd(58), warm[k].toFixed(2).padStart(14), cold[k].toFixed(2).padStart(15));
for (const p of ['remote_write', 'push'])
  console.log(`total ${p} (without HTTP and kafkajs)`.padEnd(58), sum(warm, p).toFixed(2).padStart(14), sum(cold, p).toFixed(2).padStart(15));
