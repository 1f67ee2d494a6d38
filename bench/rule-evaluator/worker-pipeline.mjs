// Prototype measurement, not the service: would a worker thread owning the windows and rules reach the
// no-op consumer's rate? The main thread consumes (kafkajs, same BatchConsumer) and hands each fetched
// batch's raw messages to a worker, which runs the same EvaluationRuntime as the service
// (handleMessage, endOfFetch, the 20 ms evaluateDue timer) on 1,000 threshold rules over 100,000 series.
// Offsets are resolved as soon as a batch is handed over: a real design would resolve them after the
// worker applied it. Compared, in the same run and the same way as throughput.mjs, with the object-free
// no-op consumer and with the single-threaded evaluator.
// Run: build metrics-core and rule-evaluator, then `node bench/rule-evaluator/worker-pipeline.mjs`
//      (reads .native/env; ROUNDS=n, default 10; about 1 min).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
const require = createRequire(import.meta.url);
const root = new URL('../../', import.meta.url).pathname;
const mc = require(root + 'packages/metrics-core/dist/index.js');
const svc = (p) => require(root + 'services/rule-evaluator/dist/' + p);

const SERIES = 100_000,
  RULES = 1_000,
  ROUNDS = Number(process.env.ROUNDS ?? 10),
  TOTAL = SERIES * ROUNDS,
  MAX_BATCHES_IN_WORKER = 4;
const logger = mc.silentLogger();

function newRuntime() {
  const { EvaluationRuntime } = svc('streaming/evaluation-runtime.js');
  const { createRuleCompiler } = svc('streaming/rule-compiler.js');
  const { createEvaluatorMetrics } = svc('metrics.js');
  const runtime = new EvaluationRuntime({
    clock: { now: () => Date.now() },
    logger,
    metrics: createEvaluatorMetrics(mc.createRegistry('bench', { defaultMetrics: false })),
    sink: { send: async () => [] },
    transitions: { publish: async () => undefined },
    recordings: { publish: async () => undefined },
    state: { loadAll: async () => new Map(), save: async () => undefined, remove: async () => undefined },
    allowedLatenessMs: 60_000,
    resendDelayMs: 60_000,
    generatorURL: () => 'http://bench',
    coalesce: { maxSamples: 5000, maxDelayMs: 20 },
  });
  const yaml =
    'groups:\n  - name: bench\n    rules:\n' +
    Array.from(
      { length: RULES },
      (_, k) => `      - alert: BenchHigh${k}\n        expr: bench_metric_${k} > 1000\n`,
    ).join('');
  runtime.replaceRules(
    createRuleCompiler({ defaultIntervalMs: 3_600_000, externalURL: 'http://bench' }).compile(
      yaml,
      'file',
      'bench.yml',
    ),
  );
  return runtime;
}

if (!isMainThread) {
  // worker: applies each handed-over batch, then reports how many samples it saw
  const runtime = newRuntime();
  const timer = setInterval(() => void runtime.evaluateDue(), 20);
  let tail = Promise.resolve();
  parentPort.on('message', ({ bytes, ends, keys }) => {
    tail = tail.then(async () => {
      const before = runtime.samplesSeen;
      const all = Buffer.from(bytes);
      let from = 0;
      for (let i = 0; i < ends.length; i++) {
        await runtime.handleMessage(all.subarray(from, ends[i]), false, keys[i]);
        from = ends[i];
      }
      await runtime.endOfFetch();
      parentPort.postMessage(runtime.samplesSeen - before);
    });
  });
  parentPort.once('close', () => clearInterval(timer));
} else {
  const { KafkaSampleSource } = svc('adapters/kafka.sample-source.js');
  const { SerialRunner } = svc('streaming/serial-runner.js');
  const env = Object.fromEntries(
    readFileSync(root + '.native/env', 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  const run = Math.random().toString(36).slice(2, 8);
  const topic = `bench.rule-evaluator.worker.${run}`;
  const kafka = mc.createKafka({ brokers: env.KAFKA_BROKERS.split(','), clientId: `bench-${run}`, logger });

  /** Whole run and after the first round, as in throughput.mjs. */
  const timed = async (makeConsumer) => {
    let count = 0,
      started = 0,
      warmAt = 0,
      warmCount = 0,
      finished = 0;
    let consumer;
    await new Promise((resolve, reject) => {
      consumer = makeConsumer((n) => {
        if (!started) started = performance.now();
        count += n;
        if (!warmAt && count >= SERIES) [warmAt, warmCount] = [performance.now(), count];
        if (count >= TOTAL && !finished) {
          finished = performance.now();
          resolve();
        }
      });
      consumer.start().catch(reject);
    });
    await consumer.stop();
    return {
      whole: count / ((finished - started) / 1000),
      steady: (count - warmCount) / ((finished - warmAt) / 1000),
    };
  };

  const noop = (groupId) =>
    timed((onSamples) => {
      let n = 0;
      const visitor = { begin() {}, series() {}, point: () => n++ };
      return new mc.BatchConsumer({
        kafka,
        groupId,
        topics: [topic],
        fromBeginning: true,
        logger,
        decode: (b) => b,
        handle: async (buf) => {
          n = 0;
          mc.visitSampleBatch(buf, visitor);
          onSamples(n);
        },
      });
    });

  const singleThreaded = (groupId) => {
    const runtime = newRuntime();
    const serial = new SerialRunner();
    const timer = setInterval(() => void serial.run(() => runtime.evaluateDue()), 20);
    return timed(
      (onSamples) =>
        new KafkaSampleSource({
          kafka,
          topic,
          groupId,
          fromBeginning: true,
          logger,
          now: () => Date.now(),
          rebuildWindowMs: () => 0,
          handle: () => undefined,
          handleMessage: (message, replay, key) =>
            serial.run(async () => {
              const before = runtime.samplesSeen;
              await runtime.handleMessage(message, replay, key);
              onSamples(runtime.samplesSeen - before);
            }),
          onFetchEnd: () => void serial.run(() => runtime.endOfFetch()),
        }),
    ).finally(() => clearInterval(timer));
  };

  const pipelined = async (groupId) => {
    const worker = new Worker(new URL(import.meta.url));
    let inWorker = 0;
    let wake = () => undefined;
    let onSamples = () => undefined;
    worker.on('message', (n) => {
      inWorker--;
      wake();
      onSamples(n);
    });
    let messages = [];
    let keys = [];
    const handOver = () => {
      if (messages.length === 0) return;
      const ends = new Int32Array(messages.length);
      let length = 0;
      messages.forEach((m, i) => (ends[i] = length += m.length));
      const bytes = new Uint8Array(length);
      let at = 0;
      for (const m of messages) {
        bytes.set(m, at);
        at += m.length;
      }
      worker.postMessage({ bytes, ends, keys }, [bytes.buffer]);
      inWorker++;
      messages = [];
      keys = [];
    };
    const res = await timed((report) => {
      onSamples = report;
      return new mc.BatchConsumer({
        kafka,
        groupId,
        topics: [topic],
        fromBeginning: true,
        logger,
        decode: (b) => b,
        handle: async (buf, ctx) => {
          while (inWorker >= MAX_BATCHES_IN_WORKER) await new Promise((r) => (wake = r));
          messages.push(buf);
          keys.push(ctx.key);
        },
        onBatchDone: handOver,
      });
    });
    await worker.terminate();
    return res;
  };

  await mc.ensureTopics(kafka, [{ topic, numPartitions: 4 }]);
  const producer = new mc.SampleProducer(kafka, { topic });
  await producer.connect();
  const t0 = Date.now() - ROUNDS * 15_000;
  for (let r = 0; r < ROUNDS; r++) {
    const samples = [];
    for (let i = 0; i < SERIES; i++)
      samples.push({
        name: `bench_metric_${i % RULES}`,
        labels: { job: 'bench', instance: `host-${Math.floor(i / 100) % 1000}`, shard: String(i) },
        value: (i % 50) + r,
        timestampMs: t0 + r * 15_000,
      });
    for (let k = 0; k < samples.length; k += 20_000)
      await producer.publish(samples.slice(k, k + 20_000), 'push');
  }
  await producer.disconnect();
  console.log(
    `produced ${TOTAL} samples (${SERIES} series x ${ROUNDS}); load average ${(await import('node:os'))
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  const fmt = (r, base) =>
    `whole run ${r.whole.toFixed(0)} samples/s` +
    (base ? ` (${((100 * r.whole) / base.whole).toFixed(1)}% of the no-op)` : '') +
    `, after the first round ${r.steady.toFixed(0)}` +
    (base ? ` (${((100 * r.steady) / base.steady).toFixed(1)}%)` : '');
  const base = await noop(`bench-noop-${run}`);
  console.log(`no-op consumer (visitSampleBatch):      ${fmt(base)}`);
  console.log(
    `evaluator, single thread:               ${fmt(await singleThreaded(`bench-single-${run}`), base)}`,
  );
  console.log(
    `evaluator in a worker, main thread reads: ${fmt(await pipelined(`bench-worker-${run}`), base)}`,
  );
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  process.exit(0);
}
