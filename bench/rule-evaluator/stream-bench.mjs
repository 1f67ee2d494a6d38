// Shared by the rule-evaluator streaming benchmarks (throughput.mjs): the data set
// (100,000 series, ROUNDS rounds, default 30), the timing (whole run and after the first round), the no-op
// consumers and the evaluator's production consumer path.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const root = new URL('../../', import.meta.url).pathname;
export const mc = require(root + 'packages/metrics-core/dist/index.js');
const svc = (p) => require(root + 'services/rule-evaluator/dist/' + p);
const { EvaluationRuntime } = svc('streaming/evaluation-runtime.js');
const { createRuleCompiler } = svc('streaming/rule-compiler.js');
const { createEvaluatorMetrics } = svc('metrics.js');
const { AlertmanagerClient } = svc('adapters/alertmanager.client.js');
const { KafkaSampleSource } = svc('adapters/kafka.sample-source.js');
const { ThreadedSampleSource } = svc('adapters/kafka.threaded-sample-source.js');
const { SerialRunner } = svc('streaming/serial-runner.js');

const env = Object.fromEntries(
  readFileSync(root + '.native/env', 'utf8')
    .split('\n')
    .filter((l) => l.includes('='))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
);
export const SERIES = 100_000,
  RULES = 1_000,
  ROUNDS = Number(process.env.ROUNDS ?? 30),
  PAIRS = Number(process.env.PAIRS ?? 3),
  PARTITIONS = 4,
  LATENCY_PROBES = 50;
export const run = Math.random().toString(36).slice(2, 8);
export const topic = `bench.rule-evaluator.${run}`;
export const logger = mc.silentLogger();
export const kafka = mc.createKafka({
  brokers: env.KAFKA_BROKERS.split(','),
  clientId: `bench-${run}`,
  logger,
});

export const seriesLabels = (i) => ({
  name: `bench_metric_${i % RULES}`,
  labels: { job: 'bench', instance: `host-${Math.floor(i / 100) % 1000}`, shard: String(i) },
});
export const TOTAL = SERIES * ROUNDS;

export async function produce(producer) {
  const t0 = Date.now() - ROUNDS * 15_000;
  for (let r = 0; r < ROUNDS; r++) {
    const samples = [];
    for (let i = 0; i < SERIES; i++) {
      const { name, labels } = seriesLabels(i);
      samples.push({ name, labels, value: (i % 50) + r, timestampMs: t0 + r * 15_000 });
    }
    for (let k = 0; k < samples.length; k += 20_000)
      await producer.publish(samples.slice(k, k + 20_000), 'push');
  }
}

/**
 * Reads the whole topic through `makeConsumer(onMessage)`; `onMessage(n)` reports n more samples handled.
 * Besides the whole run it times the part after the first round (every series exists by then: the steady
 * state of a long-running evaluator, without the one-off cost of creating 100,000 series).
 */
export async function timed(makeConsumer) {
  let count = 0,
    started = 0,
    finished = 0,
    warmAt = 0,
    warmCount = 0,
    cpu0,
    cpuWarm,
    cpu;
  let consumer;
  await new Promise((resolve, reject) => {
    consumer = makeConsumer((n) => {
      if (!started) {
        started = performance.now();
        cpu0 = process.cpuUsage();
      }
      count += n;
      if (!warmAt && count >= SERIES) {
        warmAt = performance.now();
        warmCount = count;
        cpuWarm = process.cpuUsage();
      }
      if (count >= TOTAL && !finished) {
        finished = performance.now();
        cpu = process.cpuUsage(cpu0);
        const steadyCpu = process.cpuUsage(cpuWarm);
        cpuWarm = (steadyCpu.user + steadyCpu.system) / 1e6;
        resolve();
      }
    });
    consumer.start().catch(reject);
  });
  await consumer.stop();
  return {
    samples: count,
    seconds: (finished - started) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    steady: { samples: count - warmCount, seconds: (finished - warmAt) / 1000, cpuSeconds: cpuWarm },
  };
}
export const rate = (r) => r.samples / r.seconds;
/** JS heap plus memory held outside it (typed arrays' backing stores are not in heapUsed). */
export const memoryInUse = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};
export const pct = (a, b) => ((100 * rate(a)) / rate(b)).toFixed(1) + '%';
/** One line: whole run and after the first round, each with its ratio to the same part of the no-op run. */
export const report = (label, r, noop) =>
  `${label}: ${rate(r).toFixed(0)} samples/s, ${pct(r, noop)} of the no-op (process CPU ${r.cpuSeconds.toFixed(2)} s over ${r.seconds.toFixed(2)} s); ` +
  `after the first round ${rate(r.steady).toFixed(0)} samples/s, ${pct(r.steady, noop.steady)} of the no-op's ${rate(noop.steady).toFixed(0)} (CPU ${r.steady.cpuSeconds.toFixed(2)} s over ${r.steady.seconds.toFixed(2)} s)`;

const countPoints = (batch) => batch.series.reduce((n, s) => n + s.points.length, 0);
/** No-op ceilings: decode to objects (decodeSampleBatch), or walk the message without objects (visitSampleBatch). */
export const noopDecode = (groupId) =>
  timed((onSamples) =>
    rawConsumer(groupId, async (batch) => onSamples(countPoints(batch)), { decode: mc.decodeSampleBatch }),
  );
/** A consumer of the bench topic from its beginning, handing over raw messages (unless `extra.decode`). */
export const rawConsumer = (groupId, handle, extra = {}) =>
  new mc.BatchConsumer({
    kafka,
    groupId,
    topics: [topic],
    fromBeginning: true,
    logger,
    decode: (buf) => buf,
    handle,
    ...extra,
  });
/** Walks a message without building objects; returns its point count. */
const countVisited = (() => {
  let n = 0;
  const visitor = {
    begin() {},
    series() {},
    point() {
      n++;
    },
  };
  return (buf) => {
    n = 0;
    mc.visitSampleBatch(buf, visitor);
    return n;
  };
})();
export const noopVisit = (groupId) =>
  timed((onSamples) => rawConsumer(groupId, async (buf) => onSamples(countVisited(buf))));
/** The same walk, with kafkajs in a reader thread as the evaluator runs it (ThreadedSampleSource). */
export const noopThreaded = (groupId) =>
  timed(
    (onSamples) =>
      new ThreadedSampleSource({
        topic,
        groupId,
        fromBeginning: true,
        logger,
        rebuildWindowMs: () => 0,
        brokers: env.KAFKA_BROKERS.split(','),
        clientId: `bench-${run}`,
        logLevel: 'warn',
        handleMessage: (message) => onSamples(countVisited(message)),
      }),
  );

/**
 * The evaluator's consuming path as main.ts builds it: raw messages decoded into the windows, one evaluation per
 * fetch at least; with the consumer in a thread of its own (`threaded`, the default) or in this thread
 * (KafkaSampleSource).
 */
export function evaluatorSource(runtime, serial, groupId, onSamples, threaded = true) {
  const common = { topic, groupId, fromBeginning: true, logger, rebuildWindowMs: () => 0 };
  const Source = threaded ? ThreadedSampleSource : KafkaSampleSource;
  return new Source({
    ...common,
    ...(threaded
      ? { brokers: env.KAFKA_BROKERS.split(','), clientId: `bench-${run}`, logLevel: 'warn' }
      : { kafka, now: () => Date.now(), handle: () => Promise.reject(new Error('unused')) }),
    handleMessage: (message, replay, key) =>
      serial.run(async () => {
        const before = runtime.samplesSeen;
        await runtime.handleMessage(message, replay, key);
        // held-back points count once they are in the windows: the clock stops after the last is applied
        if (runtime.samplesSeen >= TOTAL) runtime.scheduler.applyDeferred();
        onSamples?.(runtime.samplesSeen - before);
      }),
    onFetchEnd: () => void serial.run(() => runtime.endOfFetch()),
  });
}

const rulesYaml = (expr) =>
  'groups:\n  - name: bench\n    rules:\n' +
  Array.from(
    { length: RULES },
    (_, k) => `      - alert: BenchHigh${k}\n        expr: ${expr(`bench_metric_${k}`)}\n`,
  ).join('');
/** Threshold rules (the series filter skips series below the threshold) and per-series rules it cannot skip. */
export const THRESHOLD = (m) => `${m} > 1000`;
export const GENERAL = (m) => `abs(${m}) > 1000`;

export const newRuntime = (registry, sinkUrl, expr) => {
  const runtime = new EvaluationRuntime({
    clock: { now: () => Date.now() },
    logger,
    metrics: createEvaluatorMetrics(registry),
    sink: sinkUrl ? new AlertmanagerClient({ urls: [sinkUrl], logger }) : { send: async () => [] },
    transitions: { publish: async () => undefined },
    recordings: { publish: async () => undefined },
    state: { loadAll: async () => new Map(), save: async () => undefined, remove: async () => undefined },
    allowedLatenessMs: 60_000,
    resendDelayMs: 60_000,
    generatorURL: () => 'http://bench',
    coalesce: { maxSamples: 5000, maxDelayMs: 20 },
  });
  runtime.replaceRules(
    createRuleCompiler({ defaultIntervalMs: 3_600_000, externalURL: 'http://bench' }).compile(
      rulesYaml(expr),
      'file',
      'bench.yml',
    ),
  );
  return runtime;
};
export const evaluationsOf = async (registry) =>
  (
    await registry.getSingleMetric('streamwatch_evaluator_rule_evaluation_duration_seconds').get()
  ).values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;

/** Streams the topic through a runtime (production adapter, 20 ms coalescing timer as in main.ts). */
export async function evaluate(runtime, groupId, threaded = true) {
  const serial = new SerialRunner();
  const coalesceTimer = setInterval(() => void serial.run(() => runtime.evaluateDue()), 20);
  const res = await timed((onSamples) => evaluatorSource(runtime, serial, groupId, onSamples, threaded));
  clearInterval(coalesceTimer);
  return { ...res, serial };
}
