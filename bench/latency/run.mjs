#!/usr/bin/env node
// Alert latency, three paths in one run (needs the native stack: deploy/native/stack.sh up):
//   streaming  collector -> Kafka -> rule-evaluator -> Alertmanager (streaming route, group_wait 0s) -> notifier -> webhook sink
//   default    private Prometheus + Alertmanager, upstream defaults (scrape 1m, evaluation 1m, group_wait 30s) -> webhook sink
//   tuned      private Prometheus + Alertmanager, scrape and evaluation every 1s, group_wait 0s -> webhook sink
// Each alert is created by one sample/series crossing a threshold, with its own label (its own group),
// measured from that sample's push (or the exporter's flip) to the sink's receipt.
// Usage: node bench/latency/run.mjs [--streaming N] [--tuned N] [--default N]   (defaults 100 / 100 / 10)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startExporter } from './lib/exporter.mjs';
import { alertmanagerReceipts, notifierReceipts, watchEvaluatorAlerts } from './lib/hops.mjs';
import { assertStackUp, notifierReceivers, push, REPO } from './lib/native.mjs';
import { runBaseline, runStreaming } from './lib/paths.mjs';
import { report } from './lib/report.mjs';
import { sleep } from './lib/stats.mjs';
import { startSink } from './lib/sink.mjs';

const { values: opts } = parseArgs({
  options: {
    streaming: { type: 'string', default: '100' },
    tuned: { type: 'string', default: '100' },
    default: { type: 'string', default: '10' },
  },
});
const N = { streaming: Number(opts.streaming), tuned: Number(opts.tuned), default: Number(opts.default) };
const t0 = Date.now();
const log = (m) => console.log(`[latency +${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

await assertStackUp();
const sink = await startSink();
const exporter = await startExporter();
const runId = Date.now().toString(36);
const prefix = `lat-${runId}-`;
let restored = false;
const restore = () => {
  if (restored) return;
  restored = true;
  log('restoring the stack notifier (stock receivers)');
  notifierReceivers('stock');
};

try {
  notifierReceivers('webhook', `http://127.0.0.1:${sink.port}/streaming`);

  // The default path takes minutes of timer waits and little CPU: it runs in the background.
  const defaultRun = runBaseline({
    name: 'default',
    path: 'default',
    sink,
    exporter,
    n: N.default,
    spanMs: 60_000,
    settleMs: 2000,
    timing: {},
    waitAfterMs: 200_000,
    log,
  });

  const evaluator = await watchEvaluatorAlerts(prefix).catch(
    (err) => (log(`no evaluator hop timestamps: ${err.message}`), undefined),
  );
  log(`streaming: ${N.streaming} alerts over 15 s`);
  const streamingStart = Date.now();
  const streaming = await runStreaming({ sink, n: N.streaming, spanMs: 15_000, prefix });
  const hops = {
    evaluator: evaluator?.fired ?? new Map(),
    alertmanager: await alertmanagerReceipts('PaymentErrorsHigh', prefix).catch(() => new Map()),
    notifier: await notifierReceipts('notifier-streaming/e2e-hook', prefix, streamingStart - 1000).catch(
      (err) => (log(`no notifier hop timestamps: ${err.message}`), new Map()),
    ),
  };
  await evaluator?.stop();
  // Resolve them all; the resolved notifications reach the sink one group_interval (30 s) later.
  await push(
    streaming.flips.map((f) => ({
      name: 'payment_errors',
      labels: { service: 'latency-bench', instance: f.id },
      value: 0,
    })),
  );
  const resolvedPushedAt = Date.now();

  log(`tuned: ${N.tuned} alerts over 20 s`);
  const tuned = await runBaseline({
    name: 'tuned',
    path: 'tuned',
    sink,
    exporter,
    n: N.tuned,
    spanMs: 20_000,
    settleMs: 3000,
    timing: { scrape: '1s', evaluation: '1s', groupWait: '0s' },
    waitAfterMs: 20_000,
    log,
  });
  log('waiting for the default path (scrape 1m + evaluation 1m + group_wait 30s)');
  const dflt = await defaultRun;

  const resolvedWait = resolvedPushedAt + 40_000 - Date.now();
  if (resolvedWait > 0) await sleep(resolvedWait);
  restore();

  const results = report({ streaming, tuned, default: dflt }, hops, log);
  mkdirSync(join(REPO, 'bench/results'), { recursive: true });
  const file = join(REPO, 'bench/results', `latency-${runId}.json`);
  writeFileSync(
    file,
    JSON.stringify({ runAt: new Date(t0).toISOString(), node: process.version, results }, null, 2),
  );
  log(`raw results: ${file}; total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
} finally {
  restore();
  await sink.close();
  await exporter.close();
}
