// Health-check benchmark: the built service probes N HTTP targets on a local server at a fixed interval;
// reports its CPU, memory, achieved rate and schedule drift, then runs the bare-loop comparison and the
// raw HTTP ceiling in the same run and prints the ratios.
// Usage: pnpm --filter @streamwatch/health-check build && node bench/health-check/run.mjs
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { measure } from './proc-stats.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '../..');
const SERVICE = join(ROOT, 'services/health-check');
const TARGETS = Number(process.env.BENCH_TARGETS ?? 5000);
const INTERVAL_S = Number(process.env.BENCH_INTERVAL_S ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 20);
const MEASURE_S = Number(process.env.BENCH_MEASURE_S ?? 60);
const BASELINE_S = Number(process.env.BENCH_BASELINE_S ?? 30);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);

function nativeEnv() {
  const file = join(process.env.STREAMWATCH_NATIVE_DIR ?? join(ROOT, '.native'), 'env');
  if (!existsSync(file)) return {};
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => /^([A-Z0-9_]+)=(.*)$/.exec(l))
      .filter(Boolean)
      .map((m) => [m[1], m[2]]),
  );
}

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

let upstreamRequests = 0;
const upstream = http.createServer((_req, res) => {
  upstreamRequests++;
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"pass"}');
});
upstream.keepAliveTimeout = 30_000;
await new Promise((r) => upstream.listen(0, '127.0.0.1', r));
const upstreamPort = upstream.address().port;

const dir = mkdtempSync(join(tmpdir(), 'hc-bench-'));
const targetsFile = join(dir, 'targets.yml');
const lines = [
  `defaults: { interval: ${INTERVAL_S}s, timeout: 5s, failure_threshold: 2, success_threshold: 1 }`,
  'targets:',
];
for (let i = 0; i < TARGETS; i++)
  lines.push(
    `  - { name: t${i}, type: http, url: "http://127.0.0.1:${upstreamPort}/t/${i}", expect: { status: [200], json: { path: $.status, equals: pass } } }`,
  );
writeFileSync(targetsFile, `${lines.join('\n')}\n`);

const native = nativeEnv();
const topic = `bench.health-check.${Date.now()}`;
const publish = Boolean(native.KAFKA_BROKERS);
const port = await freePort();
const entry = join(SERVICE, 'dist/main.js');
if (!existsSync(entry)) throw new Error(`${entry} missing: build the service first`);
const child = spawn(process.execPath, [entry], {
  cwd: SERVICE,
  env: {
    PATH: process.env.PATH,
    HOST: '127.0.0.1',
    PORT: String(port),
    TARGETS_FILE: targetsFile,
    KAFKA_BROKERS: native.KAFKA_BROKERS ?? '127.0.0.1:9',
    PUBLISH_SAMPLES: publish ? 'true' : 'false',
    SAMPLES_TOPIC: topic,
    SAMPLES_TOPIC_PARTITIONS: '1',
    PROBE_CONCURRENCY: String(CONCURRENCY),
    LOG_LEVEL: 'warn',
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const started = Date.now();
for (;;) {
  try {
    if ((await fetch(`http://127.0.0.1:${port}/health/live`)).ok) break;
  } catch {
    /* not yet */
  }
  if (Date.now() - started > 30_000) throw new Error('service did not start');
  await new Promise((r) => setTimeout(r, 200));
}
const t0 = Date.now();
process.stderr.write(
  `[bench] service up in ${t0 - started} ms; ${TARGETS} targets every ${INTERVAL_S}s; measuring ${MEASURE_S}s after ${WARMUP_S}s warm-up\n`,
);
const countAt = () => upstreamRequests;
let countFrom = 0;
setTimeout(() => (countFrom = countAt()), WARMUP_S * 1000);
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const svcLoad = [loadavg()];
const svc = await measure(child.pid, t0 + WARMUP_S * 1000, t0 + (WARMUP_S + MEASURE_S) * 1000);
const svcRate = (countAt() - countFrom) / MEASURE_S;
svcLoad.push(loadavg());
const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
const metric = (re) => Number(re.exec(metrics)?.[1] ?? NaN);
const svcDrift = {
  p50: metric(/streamwatch_healthcheck_schedule_drift_seconds\{quantile="0.5"[^}]*\} (\S+)/),
  p99: metric(/streamwatch_healthcheck_schedule_drift_seconds\{quantile="0.99"[^}]*\} (\S+)/),
};
const skipped = metric(/^streamwatch_healthcheck_skipped_runs_total\{[^}]*\} (\S+)/m);
const published = metric(/^streamwatch_healthcheck_samples_published_total\{[^}]*\} (\S+)/m);
const failures = [
  ...metrics.matchAll(/^streamwatch_healthcheck_probe_failures_total\{[^}]*\} (\S+)/gm),
].reduce((a, m) => a + Number(m[1]), 0);
const apiStart = performance.now();
const apiRes = await fetch(`http://127.0.0.1:${port}/api/v1/targets?history=0`);
await apiRes.arrayBuffer();
const apiMs = performance.now() - apiStart;
const pageStart = performance.now();
const pageRes = await fetch(`http://127.0.0.1:${port}/`);
const pageBytes = (await pageRes.arrayBuffer()).byteLength;
const pageMs = performance.now() - pageStart;
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));

async function bare(mode, seconds, warmupS) {
  const p = spawn(
    process.execPath,
    [
      join(HERE, 'bare-loop.mjs'),
      mode,
      upstreamPort,
      TARGETS,
      INTERVAL_S * 1000,
      CONCURRENCY,
      seconds * 1000,
      warmupS * 1000,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  p.stdout.on('data', (d) => (out += d));
  const tStart = Date.now();
  const stats = await measure(p.pid, tStart + warmupS * 1000, tStart + seconds * 1000 - 300);
  await new Promise((r) => p.once('exit', r));
  return { ...stats, ...JSON.parse(out) };
}
const baseLoad = [loadavg()];
const base = await bare('schedule', 12 + BASELINE_S, 12);
baseLoad.push(loadavg());
const ceiling = await bare('max', 10, 2);

upstream.closeAllConnections();
upstream.close();
rmSync(dir, { recursive: true, force: true });
if (publish) {
  const require = createRequire(join(SERVICE, 'package.json'));
  const { Kafka, logLevel } = require('kafkajs');
  const admin = new Kafka({
    clientId: 'hc-bench-cleanup',
    brokers: native.KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
}

const f = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const ms = (s) => `${f(s * 1000, 2)} ms`;
const expected = TARGETS / INTERVAL_S;
const node = process.version;
const { stdout: cpuModel } = await promisify(execFile)('sh', [
  '-c',
  "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2",
]);
console.log(`
health-check benchmark — ${TARGETS} HTTP targets, interval ${INTERVAL_S}s (expected ${expected}/s), concurrency ${CONCURRENCY}, Kafka publishing ${publish ? 'on' : 'off'}
machine: ${cpuModel.trim()}, nproc ${(await promisify(execFile)('nproc')).stdout.trim()}, Node ${node}

| run | probes/s | CPU (cores) | RSS avg / max (MiB) | drift p50 | drift p99 |
| --- | ---: | ---: | ---: | ---: | ---: |
| health-check service (${MEASURE_S}s) | ${f(svcRate)} | ${f(svc.cpuCores, 3)} | ${f(svc.rssAvgMiB)} / ${f(svc.rssMaxMiB)} | ${ms(svcDrift.p50)} | ${ms(svcDrift.p99)} |
| bare loop, same schedule (${BASELINE_S}s) | ${f(base.perSecond)} | ${f(base.cpuCores, 3)} | ${f(base.rssAvgMiB)} / ${f(base.rssMaxMiB)} | ${ms(base.driftP50)} | ${ms(base.driftP99)} |
| ceiling: bare loop flat out (8s) | ${f(ceiling.perSecond)} | ${f(ceiling.cpuCores, 3)} | ${f(ceiling.rssAvgMiB)} / ${f(ceiling.rssMaxMiB)} | – | – |

ratios: service CPU / bare-loop CPU = ${f(svc.cpuCores / base.cpuCores, 2)}x; service RSS / bare-loop RSS = ${f(svc.rssMaxMiB / base.rssMaxMiB, 2)}x;
        required rate / ceiling = ${f((100 * expected) / ceiling.perSecond)}% of the raw HTTP ceiling at this concurrency
service: skipped runs ${skipped}, probe failures ${failures}, samples published to Kafka ${published};
         GET /api/v1/targets?history=0 ${f(apiMs)} ms, GET / ${f(pageMs)} ms (${f(pageBytes / 1024)} KiB)
bare loop: failed requests ${base.failed}
host load average (1/5/15 min) — service phase: ${svcLoad.join(' -> ')}; bare-loop phase: ${baseLoad.join(' -> ')} (the 2 vCPUs are shared)`);
process.exit(0);
