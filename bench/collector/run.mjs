// Collector ingest benchmark: remote_write and JSON push, 1,000-sample requests, several concurrencies,
// against the real broker; in the same run the ceiling: a bare kafkajs producer sending the same
// already-encoded batches (acks=all) to the same broker, and two floors: a bare HTTP server that only reads
// and snappy-decodes each remote_write body, then sends the ceiling's messages (floor-server.mjs), once per
// request or coalesced as the collector does. Needs `deploy/native/infra.sh up kafka` and built dist/ of
// metrics-core and collector. Usage: node bench/collector/run.mjs [secondsPerStep]
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requestSamples } from './workload.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const COLLECTOR = join(ROOT, 'services/collector');
const require = createRequire(join(COLLECTOR, 'package.json'));
const { Kafka, logLevel } = require('kafkajs');
const core = require('@streamwatch/metrics-core');
const { encodeWriteRequest } = require(join(COLLECTOR, 'dist/adapters/remote-write.codec.js'));

const SECONDS = Number(process.argv[2] ?? 8);
// BENCH_CONCURRENCIES / BENCH_MODES narrow a run (e.g. for profiling); the recorded runs use the defaults
const CONCURRENCIES = (process.env.BENCH_CONCURRENCIES ?? '1,4,16').split(',').map(Number);
const MODES = (process.env.BENCH_MODES ?? 'remote_write,push').split(',');
// BENCH_COLLECTORS=2 runs that many independent collector processes and spreads the senders over them:
// roughly the most any parallel design could gain here (nothing shared between them)
const collectorCount = Number(process.env.BENCH_COLLECTORS ?? 1);
if (!Number.isInteger(collectorCount) || collectorCount < 1)
  throw new Error(`BENCH_COLLECTORS must be a positive integer, got "${process.env.BENCH_COLLECTORS}"`);
const SAMPLES_PER_REQUEST = 1000;
const PARTITIONS = 6;
const env = Object.fromEntries(
  readFileSync(join(ROOT, '.native/env'), 'utf8')
    .split('\n')
    .map((l) => /^([A-Z0-9_]+)=(.*)$/.exec(l))
    .filter(Boolean)
    .map((m) => [m[1], m[2]]),
);
const topic = `bench-collector-${randomUUID().slice(0, 8)}`;
const kafka = new Kafka({
  clientId: 'bench-collector',
  brokers: env.KAFKA_BROKERS.split(','),
  logLevel: logLevel.NOTHING,
});

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

/** The shared broker's pid (infra.sh's pid file), if it runs here. */
function brokerPid() {
  try {
    const pid = Number(readFileSync(join(ROOT, '.native/pids/kafka.pid'), 'utf8').trim());
    readFileSync(`/proc/${pid}/stat`);
    return pid;
  } catch {
    return undefined;
  }
}

/** CPU seconds the whole machine spent busy (all cores; /proc/stat), for the share every process took. */
function machineBusySeconds() {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .map(Number);
  return (user + nice + system + irq + softirq + steal) / 100;
}

function procStats(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
  return { cpuSeconds: ticks / 100, rss };
}

/** procStats summed over processes (several collectors count as one). */
function groupStats(pids) {
  const all = pids.map(procStats);
  return { cpuSeconds: all.reduce((a, b) => a + b.cpuSeconds, 0), rss: all.reduce((a, b) => a + b.rss, 0) };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const INGEST_TOKEN = 'collector-bench-ingest-token';

function post(port, path, headers, body) {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { ...headers, Authorization: `Bearer ${INGEST_TOKEN}`, 'Content-Length': body.length },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

async function waitReady(port, what) {
  for (let i = 0; ; i++) {
    const ok = await new Promise((r) =>
      http
        .get(`http://127.0.0.1:${port}/health/ready`, (res) => (res.resume(), r(res.statusCode === 200)))
        .on('error', () => r(false)),
    );
    if (ok) return;
    if (i > 100) throw new Error(`${what} not ready`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Runs `concurrency` loops of `once()` for SECONDS; once() resolves to samples acked (0 on failure).
 * `pids`: the processes serving the step, whose CPU and RSS are reported (summed).
 */
async function drive(concurrency, once, pids) {
  const latencies = [];
  let acked = 0;
  let failed = 0;
  const before = pids ? groupStats(pids) : undefined;
  const broker = brokerPid();
  const brokerBefore = broker ? procStats(broker).cpuSeconds : undefined;
  const machineBefore = machineBusySeconds();
  let maxRss = 0;
  const rssTimer = pids
    ? setInterval(() => (maxRss = Math.max(maxRss, groupStats(pids).rss)), 250)
    : undefined;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, k) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const n = await once(k);
        latencies.push(performance.now() - t0);
        if (n > 0) acked += n;
        else failed++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  clearInterval(rssTimer);
  latencies.sort((a, b) => a - b);
  const result = {
    concurrency,
    rate: acked / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    failed,
  };
  if (pids) {
    const after = groupStats(pids);
    result.cpu = (after.cpuSeconds - before.cpuSeconds) / elapsed;
    result.rss = Math.max(maxRss, after.rss);
  }
  if (broker) result.brokerCpu = (procStats(broker).cpuSeconds - brokerBefore) / elapsed;
  result.machineCpu = (machineBusySeconds() - machineBefore) / elapsed;
  return result;
}

function fmt(r) {
  const pct = (x) => `${(x * 100).toFixed(0).padStart(3)}%`;
  const extra =
    (r.cpu === undefined
      ? ''
      : `  cpu ${pct(r.cpu)} (${((1e6 * r.cpu) / r.rate).toFixed(2)} µs/sample)  rss ${(r.rss / 2 ** 20).toFixed(0)} MiB`) +
    (r.brokerCpu === undefined ? '' : `  broker ${pct(r.brokerCpu)}`) +
    `  machine ${pct(r.machineCpu)} of ${cpus().length * 100}%`;
  return `c=${String(r.concurrency).padStart(2)}  ${Math.round(r.rate).toLocaleString('en').padStart(9)} samples/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  failed ${r.failed}${extra}`;
}

async function main() {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }],
  });

  const nodeArgs = (process.env.BENCH_COLLECTOR_NODE_ARGS ?? '').split(' ').filter(Boolean); // e.g. --cpu-prof
  // BENCH_COLLECTOR_MAIN runs another build (e.g. a saved copy of the previous commit) for A/B comparisons
  const collectorMain = process.env.BENCH_COLLECTOR_MAIN ?? join(COLLECTOR, 'dist/main.js');
  const collectors = [];
  for (let i = 0; i < collectorCount; i++) {
    const port = await freePort();
    const child = spawn(process.execPath, [...nodeArgs, collectorMain], {
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        KAFKA_BROKERS: env.KAFKA_BROKERS,
        KAFKAJS_NO_PARTITIONER_WARNING: '1',
        SAMPLES_TOPIC: topic,
        SCRAPE_ENABLED: 'false',
        FORWARD_ENABLED: 'false',
        MAX_SERIES_PER_METRIC: '100000',
        INGEST_TOKEN,
        // e.g. BENCH_COLLECTOR_ENV="KAFKA_MAX_IN_FLIGHT_SENDS=2 KAFKA_SEND_MAX_BYTES=500000" to compare settings
        ...Object.fromEntries(
          (process.env.BENCH_COLLECTOR_ENV ?? '')
            .split(' ')
            .filter(Boolean)
            .map((kv) => kv.split('=')),
        ),
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    collectors.push({ port, child });
    await waitReady(port, 'collector');
  }
  const collectorPids = collectors.map((c) => c.child.pid);
  const collectorPort = (k) => collectors[k % collectorCount].port;

  const now = Date.now();
  const startFloor = async (coalesce) => {
    const floorPort = await freePort();
    const child = spawn(process.execPath, [join(ROOT, 'bench/collector/floor-server.mjs')], {
      env: {
        PATH: process.env.PATH,
        PORT: String(floorPort),
        KAFKA_BROKERS: env.KAFKA_BROKERS,
        KAFKAJS_NO_PARTITIONER_WARNING: '1',
        TOPIC: topic,
        BENCH_NOW: String(now),
        SAMPLES_PER_REQUEST: String(SAMPLES_PER_REQUEST),
        COALESCE: coalesce ? '1' : '0',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    await waitReady(floorPort, coalesce ? 'coalescing floor server' : 'floor server');
    return { port: floorPort, child };
  };
  const floors = { floor: await startFloor(false), floor_coalescing: await startFloor(true) };

  // each concurrent sender posts its own series, as Prometheus' remote-write shards do (BENCH_SAME_SERIES=1:
  // every sender the same 1,000 series, as before round 6; coalesced sends then carry several points per series)
  const senders = process.env.BENCH_SAME_SERIES === '1' ? 1 : Math.max(...CONCURRENCIES);
  const bodies = Array.from({ length: senders }, (_, k) => {
    const own = requestSamples(SAMPLES_PER_REQUEST, now, k);
    return {
      rw: encodeWriteRequest(core.groupSeries(own, (s) => core.seriesKey(s.name, s.labels))),
      push: Buffer.from(
        JSON.stringify(
          own.map((s) => ({ name: s.name, labels: s.labels, value: s.value, timestamp: s.timestampMs })),
        ),
      ),
    };
  });
  const samples = requestSamples(SAMPLES_PER_REQUEST, now);
  const rwBody = bodies[0].rw;
  const pushBody = bodies[0].push;
  const rwHeaders = {
    'Content-Type': 'application/x-protobuf',
    'Content-Encoding': 'snappy',
    'X-Prometheus-Remote-Write-Version': '0.1.0',
  };
  const failures = new Map(); // status -> count, so a failed request says why (503 = not acked in time)
  const ok = (status) => {
    if (status === 204) return SAMPLES_PER_REQUEST;
    failures.set(status, (failures.get(status) ?? 0) + 1);
    return 0;
  };
  const results = { remote_write: [], push: [], ceiling: [], floor: [], floor_coalescing: [] };

  console.log(
    `collector benchmark: ${SAMPLES_PER_REQUEST}-sample requests, ${SECONDS}s per step, topic ${topic} (${PARTITIONS} partitions), broker ${env.KAFKA_BROKERS}`,
  );
  console.log(
    `machine: ${cpus().length} vCPU, Node ${process.version}, load average at start ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `remote_write body ${rwBody.length} B (snappy), push body ${pushBody.length} B (JSON); ${senders === 1 ? 'every sender posts the same 1,000 series' : `each of up to ${senders} concurrent senders posts its own 1,000 series`}`,
  );
  if (collectorCount > 1)
    console.log(
      `${collectorCount} collector processes, sender k posting to collector k mod ${collectorCount}; their CPU and RSS are summed`,
    );
  // interleaved per concurrency (ceiling, remote_write, push) so a noisy shared machine hits all three alike
  const messages = core.buildSampleMessages(samples, 'remote_write');
  const producer = kafka.producer({ allowAutoTopicCreation: false, maxInFlightRequests: 5 });
  await producer.connect();
  for (const c of CONCURRENCIES) {
    const ceil = await drive(c, async () => {
      try {
        await producer.send({ topic, acks: -1, messages });
        return SAMPLES_PER_REQUEST;
      } catch {
        return 0;
      }
    });
    results.ceiling.push(ceil);
    console.log(`ceiling          ${fmt(ceil)}  (${messages.length} pre-encoded messages per send)`);
    for (const [name, f] of Object.entries(floors)) {
      const fl = await drive(c, async () => ok(await post(f.port, '/api/v1/write', rwHeaders, rwBody)), [
        f.child.pid,
      ]);
      results[name].push(fl);
      console.log(
        `${name.padEnd(16)} ${fmt(fl)}  (HTTP + snappy decode + the ceiling's messages${name === 'floor' ? ', one send per request' : ', sends coalesced'})`,
      );
    }
    if (MODES.includes('remote_write')) {
      const rw = await drive(
        c,
        async (k) => ok(await post(collectorPort(k), '/api/v1/write', rwHeaders, bodies[k % senders].rw)),
        collectorPids,
      );
      results.remote_write.push(rw);
      console.log(`remote_write     ${fmt(rw)}`);
    }
    if (MODES.includes('push')) {
      const push = await drive(
        c,
        async (k) =>
          ok(
            await post(
              collectorPort(k),
              '/api/v1/samples',
              { 'Content-Type': 'application/json' },
              bodies[k % senders].push,
            ),
          ),
        collectorPids,
      );
      results.push.push(push);
      console.log(`push             ${fmt(push)}`);
    }
  }
  await producer.disconnect();
  if (failures.size)
    console.log(
      `failed requests by HTTP status (0 = connection error): ${[...failures].map(([k, v]) => `${k}: ${v}`).join(', ')}`,
    );
  for (const child of [
    ...collectors.map((c) => c.child),
    floors.floor.child,
    floors.floor_coalescing.child,
  ]) {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }

  const best = (rs) => Math.max(...rs.map((r) => r.rate));
  const ceiling = best(results.ceiling);
  console.log('');
  for (const mode of ['floor', 'floor_coalescing', ...MODES]) {
    const perC = results[mode]
      .map((r, i) => `c=${r.concurrency}: ${((100 * r.rate) / results.ceiling[i].rate).toFixed(0)}%`)
      .join(', ');
    const target = mode.startsWith('floor') ? 'what any HTTP collector can reach here' : 'target >= 70%';
    console.log(
      `${mode.padEnd(16)} best ${Math.round(best(results[mode])).toLocaleString('en')} samples/s = ${((100 * best(results[mode])) / ceiling).toFixed(0)}% of ceiling ${Math.round(ceiling).toLocaleString('en')} samples/s (per concurrency: ${perC}); ${target}`,
    );
  }
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  agent.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
