import { push } from './native.mjs';
import { startPromPair } from './prom-pair.mjs';
import { randomOffsets, sleep } from './stats.mjs';

/** Resolves when `sink` has a firing notification on `path` for each id (label `key`), or at the deadline. */
async function collect(sink, path, key, flips, deadlineMs) {
  const latencies = new Map();
  const pending = new Map(flips.map((f) => [f.id, f]));
  const check = () => {
    for (const [id, f] of pending) {
      if (f.atMs === undefined) continue;
      const at = sink.firstFiring(path, key, id);
      if (at !== undefined) {
        latencies.set(id, at - f.atMs);
        pending.delete(id);
      }
    }
  };
  while (pending.size > 0 && Date.now() < deadlineMs) {
    check();
    await sleep(20);
  }
  check();
  return { latencies, missing: [...pending.keys()] };
}

/**
 * Streaming path: one sample of payment_errors=9 per alert, each with a unique `instance` (its own
 * Alertmanager group, group_wait 0s), pushed to the collector at random instants over `spanMs`.
 * Measured from just before the push to the webhook sink's receipt (via the notifier).
 */
export async function runStreaming({ sink, n, spanMs, prefix, onFlip }) {
  const flips = randomOffsets(n, spanMs).map((offset, i) => ({ id: `${prefix}${i}`, offset }));
  const started = Date.now();
  for (const f of flips) {
    const wait = started + f.offset - Date.now();
    if (wait > 0) await sleep(wait);
    f.atMs = Date.now();
    await push([{ name: 'payment_errors', labels: { service: 'latency-bench', instance: f.id }, value: 9 }]);
    f.ackMs = Date.now();
    onFlip?.(f);
  }
  const result = await collect(sink, '/streaming', 'instance', flips, Date.now() + 20_000);
  return { ...result, flips };
}

/**
 * A Prometheus + Alertmanager baseline: a private pair scraping the exporter's `bench_flag` series
 * for `path`; each alert's series flips from 0 to 9 at a random instant over `spanMs`, measured
 * from the flip to the webhook sink's receipt (Alertmanager's own webhook, no notifier).
 */
export async function runBaseline({
  name,
  path,
  sink,
  exporter,
  n,
  spanMs,
  settleMs,
  timing,
  waitAfterMs,
  log,
}) {
  const ids = Array.from({ length: n }, (_, i) => `${name}-${i}`);
  for (const id of ids) exporter.set(path, id, 0);
  const pair = await startPromPair(name, {
    exporterUrl: `http://127.0.0.1:${exporter.port}/metrics/${path}`,
    webhookUrl: `http://127.0.0.1:${sink.port}/${path}`,
    timing,
  });
  try {
    log(
      `${name}: private Prometheus ${pair.promUrl} + Alertmanager ${pair.amUrl}; ${n} flips over ${spanMs / 1000} s`,
    );
    await sleep(settleMs);
    const flips = randomOffsets(n, spanMs).map((offset, i) => ({ id: ids[i], offset }));
    const started = Date.now();
    const flipping = (async () => {
      for (const f of flips) {
        const wait = started + f.offset - Date.now();
        if (wait > 0) await sleep(wait);
        exporter.set(path, f.id, 9);
        f.atMs = Date.now();
      }
    })();
    const result = collect(sink, `/${path}`, 'alert', flips, started + spanMs + waitAfterMs);
    await flipping;
    return { ...(await result), flips };
  } finally {
    await pair.stop();
  }
}
