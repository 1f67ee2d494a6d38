// In-process micro-benchmark of the collector's whole remote-write ingest path (no HTTP, no broker) as the
// c=16 step of run.mjs drives it: 16 senders, each with its own 1,000 series, one request each per round;
// every request is snappy-decoded, scanned, resolved and screened, and the 16 go out as one coalesced send
// (grouped and encoded). Prints the process's CPU per sample (GC threads included), min and median of 7
// measurements. Needs built dist/ of metrics-core and collector.
// Usage: node bench/collector/pipeline.mjs [roundsPerMeasurement=40]; BENCH_COLLECTOR_DIR as in stages.mjs
import { loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestLimits, requestSamples } from './workload.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const COLLECTOR = process.env.BENCH_COLLECTOR_DIR ?? join(ROOT, 'services/collector');
const require = createRequire(join(COLLECTOR, 'package.json'));
const core = require('@streamwatch/metrics-core');
const dist = (p) => require(join(COLLECTOR, 'dist', p));
const codec = dist('adapters/remote-write.codec.js');
const { screenWrite } = dist('adapters/remote-write.reader.js');
const { ReusedBuffer } = dist('adapters/reused-buffer.js');
const { SeriesCatalog } = dist('domain/series-catalog.js');
const { PointScreen } = dist('domain/screening.js');
const { CardinalityLimiter } = dist('domain/cardinality.js');
const { shardMessages } = dist('domain/shard-series.js');

const ROUNDS = Number(process.argv[2] ?? 40);
const SENDERS = 16;
const N = 1000;
const limits = ingestLimits(core.DEFAULT_SAMPLE_LIMITS);
const now = Date.now();
const bodies = Array.from({ length: SENDERS }, (_, sender) =>
  codec.encodeWriteRequest(
    core.groupSeries(requestSamples(N, now, sender), (s) => core.seriesKey(s.name, s.labels)),
  ),
);
const catalog = new SeriesCatalog(limits.sample);
const cardinality = new CardinalityLimiter(10_000_000, 3_600_000);
const decoded = new ReusedBuffer();
let bytesOut = 0;

function round() {
  const parts = [];
  for (const body of bodies) {
    const request = codec.readWriteRequest(body, 1 << 25, catalog, decoded);
    const screen = new PointScreen({ limits, cardinality, nowMs: now });
    screenWrite(request, request.resolved, screen);
    parts.push(screen.accepted);
  }
  for (const m of shardMessages(parts, 'remote_write', 1_000_000)) bytesOut += m.value.length;
}

for (let i = 0; i < 30; i++) round();
const perSample = [];
for (let m = 0; m < 7; m++) {
  const start = process.cpuUsage();
  for (let i = 0; i < ROUNDS; i++) round();
  const used = process.cpuUsage(start);
  perSample.push((used.user + used.system) / (ROUNDS * SENDERS * N));
}
perSample.sort((a, b) => a - b);
console.log(
  `collector remote-write pipeline, ${SENDERS} senders x ${N} distinct series, ${ROUNDS} rounds per measurement ` +
    `(load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')})`,
);
console.log(
  `CPU per sample: min ${perSample[0].toFixed(3)} µs, median ${perSample[3].toFixed(3)} µs ` +
    `(${(bytesOut / ((30 + 7 * ROUNDS) * SENDERS * N)).toFixed(0)} Kafka bytes a sample)`,
);
