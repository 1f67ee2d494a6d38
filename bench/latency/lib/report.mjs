import { fmtMs, percentile, summary } from './stats.mjs';

const TARGET_P99_MS = 250;

function line(name, s, missing) {
  const cols = [s.n, s.p50, s.p95, s.p99, s.max].map((v, i) =>
    i === 0 ? String(v).padStart(4) : fmtMs(v).padStart(9),
  );
  return `  ${name.padEnd(10)} ${cols.join(' ')}${missing ? `   (${missing} never arrived)` : ''}`;
}

/**
 * When each hop saw the alert, in ms after the push (cumulative), for the alerts with every timestamp.
 * The collector's HTTP ack races the evaluator (both follow Kafka's ack), so it is shown beside the
 * chain, not in it.
 */
function breakdown(streaming, hops) {
  const rows = {
    'collector HTTP ack (204)': [],
    'evaluator fired (Kafka alerts message)': [],
    'Alertmanager received (updatedAt)': [],
    'notifier queued (outbox row created_at)': [],
    'webhook sink received': [],
  };
  for (const f of streaming.flips) {
    const sinkAt = streaming.latencies.has(f.id) ? f.atMs + streaming.latencies.get(f.id) : undefined;
    const chain = [
      f.ackMs,
      hops.evaluator.get(f.id),
      hops.alertmanager.get(f.id),
      hops.notifier.get(f.id),
      sinkAt,
    ];
    if (chain.some((v) => v === undefined)) continue;
    Object.values(rows).forEach((list, i) => list.push(chain[i] - f.atMs));
  }
  return rows;
}

export function report(paths, hops, log) {
  const out = {};
  console.log('\nAlert latency: sample push / series flip -> webhook sink receipt');
  console.log(
    `  ${'path'.padEnd(10)} ${'n'.padStart(4)} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'p99'.padStart(9)} ${'max'.padStart(9)}`,
  );
  for (const [name, r] of Object.entries(paths)) {
    const s = summary([...r.latencies.values()]);
    out[name] = { ...s, missing: r.missing.length };
    console.log(line(name, s, r.missing.length));
  }
  const ratio = (a, b, k) => (out[a][k] / out[b][k]).toFixed(1);
  console.log('\nRatios (how many times slower than streaming):');
  for (const k of ['p50', 'p95', 'p99'])
    console.log(
      `  ${k}: tuned ${ratio('tuned', 'streaming', k)}x, default ${ratio('default', 'streaming', k)}x`,
    );
  if (out.default.n < 20)
    console.log(`  (default path: ${out.default.n} alerts, so its p95/p99 are its maximum)`);
  const verdict = out.streaming.p99 < TARGET_P99_MS ? 'met' : 'MISSED';
  console.log(`\nTarget streaming p99 < ${TARGET_P99_MS} ms: ${verdict} (p99 ${fmtMs(out.streaming.p99)})`);

  const rows = breakdown(paths.streaming, hops);
  const complete = rows['webhook sink received'].length;
  console.log(
    `\nStreaming path: when each hop saw the alert, ms after the push (${complete} of ${paths.streaming.flips.length} alerts with every timestamp):`,
  );
  out.hops = {};
  for (const [hop, v] of Object.entries(rows)) {
    out.hops[hop] = {
      p50: percentile(v, 50),
      p95: percentile(v, 95),
      p99: percentile(v, 99),
      max: Math.max(...v),
    };
    console.log(
      `  ${hop.padEnd(42)} p50 ${fmtMs(out.hops[hop].p50).padStart(7)}  p95 ${fmtMs(out.hops[hop].p95).padStart(7)}  p99 ${fmtMs(out.hops[hop].p99).padStart(7)}  max ${fmtMs(out.hops[hop].max).padStart(7)}`,
    );
  }
  if (complete === 0) log('no per-hop timestamps (see the warnings above)');
  return out;
}
