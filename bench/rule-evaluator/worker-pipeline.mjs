// Prototype measurement, not the service: would a worker thread owning the windows and rules reach the
// no-op consumer's rate? The main thread consumes (kafkajs, same BatchConsumer) and hands each fetched
// batch's raw messages to a worker, which runs the same EvaluationRuntime as the service
// (handleMessage, endOfFetch, the 20 ms evaluateDue timer) on 1,000 threshold rules over 100,000 series.
// Offsets are resolved as soon as a batch is handed over: a real design would resolve them after the
// worker applied it. Compared, in the same run and the same way as throughput.mjs, with the object-free
// no-op consumer and with the single-threaded evaluator.
// Run: build metrics-core and rule-evaluator, then `node bench/rule-evaluator/worker-pipeline.mjs`
//      (reads .native/env; ROUNDS=n, default 10; about 1 min).
import { Worker, isMainThread, parentPort } from 'node:worker_threads';

process.env.ROUNDS ??= '10';
const b = await import('./stream-bench.mjs');
const MAX_BATCHES_IN_WORKER = 4;

if (!isMainThread) {
  // worker: applies each handed-over batch, then reports how many samples it saw
  const runtime = b.newRuntime(
    b.mc.createRegistry('bench', { defaultMetrics: false }),
    undefined,
    b.THRESHOLD,
  );
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
      if (runtime.samplesSeen >= b.TOTAL) runtime.scheduler.applyDeferred();
      parentPort.postMessage(runtime.samplesSeen - before);
    });
  });
  parentPort.once('close', () => clearInterval(timer));
} else {
  const { mc, kafka, topic } = b;

  /** The consuming thread: copies each fetched batch's messages into one buffer and transfers it. */
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
    const res = await b.timed((report) => {
      onSamples = report;
      return b.rawConsumer(
        groupId,
        async (buf, ctx) => {
          while (inWorker >= MAX_BATCHES_IN_WORKER) await new Promise((r) => (wake = r));
          messages.push(buf);
          keys.push(ctx.key);
        },
        { onBatchDone: handOver },
      );
    });
    await worker.terminate();
    return res;
  };

  await mc.ensureTopics(kafka, [{ topic, numPartitions: b.PARTITIONS }]);
  const producer = new mc.SampleProducer(kafka, { topic });
  await producer.connect();
  await b.produce(producer);
  await producer.disconnect();
  const load = (await import('node:os')).loadavg().map((x) => x.toFixed(1));
  console.log(
    `produced ${b.TOTAL} samples (${b.SERIES} series x ${b.ROUNDS}); load average ${load.join(' ')}`,
  );
  const noop = await b.noopVisit(`bench-noop-${b.run}`);
  console.log(
    `no-op consumer (visitSampleBatch): ${b.rate(noop).toFixed(0)} samples/s; after the first round ${b.rate(noop.steady).toFixed(0)} samples/s`,
  );
  const single = b.newRuntime(mc.createRegistry('single', { defaultMetrics: false }), undefined, b.THRESHOLD);
  console.log(b.report('evaluator, single thread', await b.evaluate(single, `bench-single-${b.run}`), noop));
  console.log(
    b.report('evaluator in a worker, main thread reads', await pipelined(`bench-worker-${b.run}`), noop),
  );
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  process.exit(0);
}
