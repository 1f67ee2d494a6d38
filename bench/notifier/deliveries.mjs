// Notifier delivery benchmark: runs the BUILT notifier (services/notifier/dist/main.js) against the real
// PostgreSQL (ledger on), Redis and Kafka from .native/env, posts Alertmanager webhooks, and measures
// deliveries/s to a local webhook sink plus the latency the notifier adds (webhook POST start -> sink receipt).
// In the same run a second receiver's sink takes 2 s per request; the fast channel must not slow down.
// Usage: (cd services/notifier && npx tsc -p tsconfig.build.json) && node bench/notifier/deliveries.mjs [N]
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(new URL('.', import.meta.url).pathname, '../..');
const require = createRequire(join(ROOT, 'services/notifier/package.json'));
const { Pool } = require('pg');
const N = Number(process.argv[2] ?? 5000);
const SLOW_N = 20;
const TARGET = 500;
const env = Object.fromEntries(
  readFileSync(join(ROOT, '.native/env'), 'utf8')
    .split('\n')
    .filter((l) => /^[A-Z0-9_]+=/.test(l))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
);
// BENCH_DATABASE_URL: a private PostgreSQL (e.g. one with pg_stat_statements); BENCH_NODE_ARGS: e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? env.DATABASE_URL;
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
// BENCH_NOTIFIER_ENV: extra notifier settings, e.g. "INTAKE_COMMITS_IN_FLIGHT=4 DATABASE_POOL_MAX=10".
const EXTRA_ENV = Object.fromEntries(
  (process.env.BENCH_NOTIFIER_ENV ?? '')
    .split(' ')
    .filter(Boolean)
    .map((kv) => kv.split('=')),
);

function sink(delayMs) {
  const seen = new Map();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const parsed = JSON.parse(body);
      const key = parsed.groups ? parsed.groups[0].groupKey : `direct-${seen.size}`;
      if (!seen.has(key)) seen.set(key, performance.now());
      setTimeout(() => res.end('ok'), delayMs);
    });
  });
  server.keepAliveTimeout = 10_000;
  return new Promise((r) =>
    server.listen(0, '127.0.0.1', () =>
      r({ url: `http://127.0.0.1:${server.address().port}`, seen, server }),
    ),
  );
}
const freePort = () =>
  new Promise((r) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => r(p));
    });
  });
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// CPU seconds (user + system) a process has used: throughput on a shared machine is noisy, CPU per delivery much less so.
const cpuOf = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};

const fast = await sink(0);
const slow = await sink(2000);
const schema = `notifier_bench_${Date.now()}`;
const dir = mkdtempSync(join(tmpdir(), 'notifier-bench-'));
writeFileSync(
  join(dir, 'receivers.yml'),
  // rate_limit: none: this measures delivery throughput, not the storm limit every channel has by default
  `receivers:
  - name: fast
    channels: [{ type: webhook, url: "${fast.url}/hook", concurrency: 32, rate_limit: none }]
  - name: slow
    channels: [{ type: webhook, url: "${slow.url}/hook", concurrency: 2, timeout: 5s, rate_limit: none }]
`,
);
const WEBHOOK_TOKEN = 'notifier-bench-webhook-token';
const port = await freePort();
// BENCH_NOTIFIER_MAIN: another build of the notifier (e.g. the previous commit's) to compare in the same conditions.
const child = spawn(
  process.execPath,
  [...NODE_ARGS, process.env.BENCH_NOTIFIER_MAIN ?? join(ROOT, 'services/notifier/dist/main.js')],
  {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      KAFKA_BROKERS: env.KAFKA_BROKERS,
      DATABASE_URL,
      DATABASE_SCHEMA: schema,
      DATABASE_POOL_MAX: '20',
      REDIS_URL: env.REDIS_URL,
      RECEIVERS_FILE: join(dir, 'receivers.yml'),
      ALERT_HISTORY_ENABLED: 'false',
      WEBHOOK_BEARER_TOKEN: WEBHOOK_TOKEN,
      API_TOKEN: 'notifier-bench-api-token',
      ...EXTRA_ENV,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  },
);
const base = `http://127.0.0.1:${port}`;
for (let i = 0; i < 300; i++) {
  try {
    if ((await fetch(`${base}/health/live`)).ok) break;
  } catch {
    /* not up yet */
  }
  await sleep(100);
}

const posted = new Map();
const payload = (receiver, i) =>
  JSON.stringify({
    version: '4',
    groupKey: `${receiver}-${i}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver,
    groupLabels: { alertname: 'Bench' },
    commonLabels: { alertname: 'Bench', severity: 'warning' },
    commonAnnotations: {},
    externalURL: 'http://am',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'Bench', i: String(i) },
        annotations: { summary: `bench ${i}` },
        startsAt: new Date().toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prom',
        fingerprint: `f${i}`,
      },
    ],
  });
const jobs = [];
for (let i = 0; i < N; i++) {
  jobs.push(['fast', i]);
  if (i % Math.floor(N / SLOW_N) === 0 && jobs.filter((j) => j[0] === 'slow').length < SLOW_N)
    jobs.push(['slow', i]);
}
const started = performance.now();
const cpuStart = cpuOf(child.pid);
const benchCpuStart = process.cpuUsage();
let next = 0;
let failures = 0;
await Promise.all(
  Array.from({ length: 16 }, async () => {
    while (next < jobs.length) {
      const [receiver, i] = jobs[next++];
      posted.set(`${receiver}-${i}`, performance.now());
      const res = await fetch(`${base}/api/v1/alertmanager/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${WEBHOOK_TOKEN}` },
        body: payload(receiver, i),
      });
      if (res.status !== 200) failures++;
      await res.arrayBuffer();
    }
  }),
);
const postedAt = performance.now();
// Server-side time of a webhook POST (RED middleware: request in -> response written), against the client-side round trip.
const red = await (await fetch(`${base}/metrics`)).text();
const redOf = (what) =>
  Number(
    red.match(
      new RegExp(
        `http_request_duration_seconds_${what}\\{[^}]*route="/api/v1/alertmanager/webhook"[^}]*\\} (\\S+)`,
      ),
    )?.[1] ?? NaN,
  );
const serverMs = (1000 * redOf('sum')) / redOf('count');
const clientMs = ((postedAt - started) * 16) / jobs.length;
while (fast.seen.size < N && performance.now() - started < 150_000) await sleep(20);
const fastDone = performance.now();
const cpuE2e = cpuOf(child.pid) - cpuStart;
const benchCpu = process.cpuUsage(benchCpuStart);
const benchCores = (benchCpu.user + benchCpu.system) / 1e6 / ((fastDone - started) / 1000);
const fastCount = fast.seen.size;
const slowDuring = slow.seen.size;

const fastLat = [...fast.seen].filter(([k]) => k.startsWith('fast-')).map(([k, t]) => t - posted.get(k));
const seconds = (fastDone - started) / 1000;
const rate = fastCount / seconds;

// Ceiling: the same sink hit directly with the same client concurrency, no notifier in between.
const direct = performance.now();
let d = 0;
await Promise.all(
  Array.from({ length: 32 }, async () => {
    while (d < N) {
      d++;
      const r = await fetch(`${fast.url}/x`, { method: 'POST', body: payload('direct', d) });
      await r.arrayBuffer();
    }
  }),
);
const directRate = N / ((performance.now() - direct) / 1000);

const pool = new Pool({ connectionString: DATABASE_URL, options: `-c search_path=${schema}` });
// Drain: N rows written straight into the outbox (no HTTP intake), timed from first to last sink receipt.
const drainSeen = fast.seen.size;
await pool.query(
  `INSERT INTO notifications (dedupe_key, receiver, channel_key, channel_type, status, group_key, payload)
  SELECT 'drain-' || g, 'fast', 'fast/webhook-0', 'webhook', 'firing', 'drain-' || g,
         jsonb_set($1::jsonb, '{groupKey}', to_jsonb('drain-' || g)) FROM generate_series(1, $2) g`,
  [payload('fast', 0), N],
);
const drainStart = performance.now();
const cpuDrainStart = cpuOf(child.pid);
while (fast.seen.size < drainSeen + N && performance.now() - drainStart < 60_000) await sleep(10);
const cpuDrain = cpuOf(child.pid) - cpuDrainStart;
const drainTimes = [...fast.seen].filter(([k]) => k.startsWith('drain-')).map(([, t]) => t);
const drainRate = drainTimes.length / ((Math.max(...drainTimes) - Math.min(...drainTimes)) / 1000);
const { rows } = await pool.query(`SELECT count(*)::int AS attempts FROM delivery_attempts`);
console.log(
  JSON.stringify({
    N,
    slowN: SLOW_N,
    httpFailures: failures,
    intakeSeconds: +((postedAt - started) / 1000).toFixed(2),
  }),
);
console.log(
  `end to end (HTTP intake + delivery): ${fastCount}/${N} delivered in ${seconds.toFixed(2)} s = ${rate.toFixed(0)} deliveries/s (target ${TARGET}/s, ratio ${(rate / TARGET).toFixed(2)})`,
);
console.log(
  `notifier-added latency (POST start -> sink receipt): p50 ${pct(fastLat, 50).toFixed(1)} ms, p99 ${pct(fastLat, 99).toFixed(1)} ms, max ${Math.max(...fastLat).toFixed(1)} ms`,
);
console.log(
  `slow channel (2 s/request, concurrency 2): ${slowDuring}/${SLOW_N} delivered while the fast channel finished; fast channel unaffected if its p99 << 2000 ms`,
);
console.log(
  `ceiling: the sink hit directly by one client at concurrency 32 = ${directRate.toFixed(0)} req/s; notifier/ceiling ratio ${(rate / directRate).toFixed(2)}`,
);
console.log(
  `drain (outbox pre-filled, ledger on): ${drainTimes.length}/${N} delivered at ${drainRate.toFixed(0)} deliveries/s (target ${TARGET}/s, ratio ${(drainRate / TARGET).toFixed(2)})`,
);
console.log(
  `webhook POST time: server side mean ${serverMs.toFixed(1)} ms, client round trip mean ${clientMs.toFixed(1)} ms (16 in flight)`,
);
console.log(
  `notifier CPU per delivery: end to end ${((cpuE2e * 1000) / fastCount).toFixed(2)} ms (intake + delivery; ${cpuE2e.toFixed(1)} s over ${seconds.toFixed(1)} s wall = ${(cpuE2e / seconds).toFixed(2)} cores; this bench process, the client and sinks, ${benchCores.toFixed(2)} cores), drain ${((cpuDrain * 1000) / drainTimes.length).toFixed(2)} ms`,
);
console.log(`ledger rows: ${rows[0].attempts} delivery attempts recorded`);
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
await pool.query(`DROP SCHEMA ${schema} CASCADE`);
await pool.end();
fast.server.closeAllConnections();
fast.server.close();
slow.server.closeAllConnections();
slow.server.close();
