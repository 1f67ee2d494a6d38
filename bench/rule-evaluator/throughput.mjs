/* global process, console, setTimeout, setInterval, clearInterval, performance, global, URL */
// 1,000 rules over 100,000 series through the real broker, against a no-op consumer on the same topic.
// Run: (cd packages/metrics-core && npx tsc -p tsconfig.build.json) && (cd services/rule-evaluator && npx tsc -p tsconfig.build.json)
//      node --expose-gc bench/rule-evaluator/throughput.mjs        (reads .native/env; < 3 min; ROUNDS=n to change the rounds)
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const root = new URL('../../', import.meta.url).pathname;
const mc = require(root + 'packages/metrics-core/dist/index.js');
const svc = (p) => require(root + 'services/rule-evaluator/dist/' + p);
const { EvaluationRuntime } = svc('streaming/evaluation-runtime.js');
const { createRuleCompiler } = svc('streaming/rule-compiler.js');
const { createEvaluatorMetrics } = svc('metrics.js');
const { AlertmanagerClient } = svc('adapters/alertmanager.client.js');

const env = Object.fromEntries(readFileSync(root + '.native/env', 'utf8').split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
const SERIES = 100_000, RULES = 1_000, ROUNDS = Number(process.env.ROUNDS ?? 3), PARTITIONS = 4, LATENCY_PROBES = 50;
const run = Math.random().toString(36).slice(2, 8);
const topic = `bench.rule-evaluator.${run}`;
const logger = mc.silentLogger();
const kafka = mc.createKafka({ brokers: env.KAFKA_BROKERS.split(','), clientId: `bench-${run}`, logger });

const seriesLabels = (i) => ({ name: `bench_metric_${i % RULES}`, labels: { job: 'bench', instance: `host-${Math.floor(i / 100) % 1000}`, shard: String(i) } });
const TOTAL = SERIES * ROUNDS;

async function produce(producer) {
  const t0 = Date.now() - ROUNDS * 15_000;
  for (let r = 0; r < ROUNDS; r++) {
    const samples = [];
    for (let i = 0; i < SERIES; i++) {
      const { name, labels } = seriesLabels(i);
      samples.push({ name, labels, value: (i % 50) + r, timestampMs: t0 + r * 15_000 });
    }
    for (let k = 0; k < samples.length; k += 20_000) await producer.publish(samples.slice(k, k + 20_000), 'push');
  }
}

async function consume(groupId, onBatch) {
  let count = 0, started = 0, finished = 0, cpu0;
  await new Promise((resolve, reject) => {
    const consumer = new mc.BatchConsumer({
      kafka, groupId, topics: [topic], fromBeginning: true, logger, decode: mc.decodeSampleBatch,
      handle: async (batch) => {
        if (!started) { started = performance.now(); cpu0 = process.cpuUsage(); }
        let n = 0;
        for (const s of batch.series) n += s.points.length;
        await onBatch(batch);
        count += n;
        if (count >= TOTAL && !finished) { finished = performance.now(); consume.cpu = process.cpuUsage(cpu0); resolve(); }
      },
    });
    consumer.start().catch(reject);
    consume.last = consumer;
  });
  await consume.last.stop();
  return { samples: count, seconds: (finished - started) / 1000, cpuSeconds: (consume.cpu.user + consume.cpu.system) / 1e6 };
}

const rulesYaml = 'groups:\n  - name: bench\n    rules:\n' + Array.from({ length: RULES }, (_, k) => `      - alert: BenchHigh${k}\n        expr: bench_metric_${k} > 1000\n`).join('');

async function main() {
  await mc.ensureTopics(kafka, [{ topic, numPartitions: PARTITIONS }]);
  const producer = new mc.SampleProducer(kafka, { topic });
  await producer.connect();
  let t = performance.now();
  await produce(producer);
  console.log(`produced ${TOTAL} samples (${SERIES} series x ${ROUNDS}) in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const noop = await consume(`bench-noop-${run}`, async () => undefined);
  console.log(`no-op consumer (decode only): ${(noop.samples / noop.seconds).toFixed(0)} samples/s (process CPU ${noop.cpuSeconds.toFixed(2)} s over ${noop.seconds.toFixed(2)} s)`);

  const received = new Map();
  const am = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const now = performance.now();
      for (const a of JSON.parse(body)) if (!received.has(a.labels.shard)) received.set(a.labels.shard, now);
      res.writeHead(200).end();
    });
  });
  await new Promise((r) => am.listen(0, '127.0.0.1', r));
  const registry = mc.createRegistry('bench', { defaultMetrics: false });
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const runtime = new EvaluationRuntime({
    clock: { now: () => Date.now() }, logger, metrics: createEvaluatorMetrics(registry),
    sink: new AlertmanagerClient({ urls: [`http://127.0.0.1:${am.address().port}`], logger }),
    transitions: { publish: async () => undefined }, recordings: { publish: async () => undefined },
    state: { loadAll: async () => new Map(), save: async () => undefined, remove: async () => undefined },
    allowedLatenessMs: 60_000, resendDelayMs: 60_000, generatorURL: () => 'http://bench', coalesce: { maxSamples: 5000, maxDelayMs: 20 },
  });
  runtime.replaceRules(createRuleCompiler({ defaultIntervalMs: 3_600_000, externalURL: 'http://bench' }).compile(rulesYaml, 'file', 'bench.yml'));
  const modes = runtime.loadedRules.reduce((m, r) => ({ ...m, [r.partial ?? 'full']: (m[r.partial ?? 'full'] ?? 0) + 1 }), {});
  console.log(`rules by evaluation mode: ${JSON.stringify(modes)}`);
  const evalRun = await consume(`bench-eval-${run}`, (batch) => runtime.handleBatch(batch, false));
  const evalRate = evalRun.samples / evalRun.seconds;
  global.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  console.log(`evaluator (${RULES} rules): ${evalRate.toFixed(0)} samples/s; ratio to no-op ${(100 * evalRate / (noop.samples / noop.seconds)).toFixed(1)}% (target >= 80%) (process CPU ${evalRun.cpuSeconds.toFixed(2)} s over ${evalRun.seconds.toFixed(2)} s)`);
  console.log(`series in windows: ${runtime.store.seriesCount}; heap per series ${((heapAfter - heapBefore) / runtime.store.seriesCount).toFixed(0)} B (store estimate ${(runtime.store.approxBytes() / runtime.store.seriesCount).toFixed(0)} B)`);

  // live detection latency: sample produced -> alert POSTed to the stand-in Alertmanager
  const timer = setInterval(() => void runtime.evaluateDue(), 20);
  const live = new mc.BatchConsumer({ kafka, groupId: `bench-live-${run}`, topics: [topic], logger, decode: mc.decodeSampleBatch, handle: (b) => runtime.handleBatch(b, false) });
  await live.start();
  await new Promise((r) => setTimeout(r, 4000));
  const sentAt = new Map();
  for (let p = 0; p < LATENCY_PROBES; p++) {
    const i = p * 1999 % SERIES;
    const { name, labels } = seriesLabels(i);
    sentAt.set(String(i), performance.now());
    await producer.publish([{ name, labels, value: 5000, timestampMs: Date.now() }], 'push');
    await new Promise((r) => setTimeout(r, 50));
  }
  const deadline = Date.now() + 20_000;
  while (received.size < LATENCY_PROBES && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const lat = [...sentAt].filter(([k]) => received.has(k)).map(([k, t0]) => received.get(k) - t0).sort((a, b) => a - b);
  const pct = (q) => lat[Math.min(lat.length - 1, Math.floor(q * lat.length))]?.toFixed(1);
  console.log(`detection latency (produce -> POST received), ${lat.length}/${LATENCY_PROBES} probes: p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms`);
  await live.stop();
  clearInterval(timer);
  await producer.disconnect();
  am.close();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
