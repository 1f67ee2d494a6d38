// The comparison: a bare loop doing the same HTTP GETs (same keep-alive agent kind, same concurrency),
// either on the same fixed-rate schedule as the service (`schedule`) or as fast as possible (`max`).
// Usage: node bare-loop.mjs <schedule|max> <port> <targets> <intervalMs> <concurrency> <durationMs> <warmupMs>
import http from 'node:http';
import { quantile } from './proc-stats.mjs';

const [mode, port, count, intervalMs, concurrency, durationMs, warmupMs] = process.argv
  .slice(2)
  .map((v, i) => (i === 0 ? v : Number(v)));
const agent = new http.Agent({ keepAlive: true });
const start = performance.now();
const end = start + durationMs;
const queue = [];
const drift = [];
let active = 0;
let done = 0;
let failed = 0;

function get(i) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: `/t/${i}`, agent, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

function pump() {
  while (active < concurrency && queue.length > 0) {
    const { i, due } = queue.shift();
    const now = performance.now();
    if (now - start >= warmupMs) drift.push(Math.max(0, now - due) / 1000);
    active++;
    get(i).then((ok) => {
      active--;
      if (ok) done++;
      else failed++;
      if (mode === 'max' && performance.now() < end) queue.push({ i, due: performance.now() });
      pump();
    });
  }
}

if (mode === 'max') {
  for (let i = 0; i < concurrency; i++) queue.push({ i, due: performance.now() });
  pump();
} else {
  for (let i = 0; i < count; i++) {
    let due = start + Math.random() * intervalMs;
    const fire = () => {
      if (due >= end) return;
      queue.push({ i, due });
      pump();
      due += intervalMs;
      setTimeout(fire, due - performance.now());
    };
    setTimeout(fire, due - performance.now());
  }
}

setTimeout(() => {
  drift.sort((a, b) => a - b);
  const seconds = (performance.now() - start) / 1000;
  process.stdout.write(
    `${JSON.stringify({ requests: done, failed, perSecond: done / seconds, driftP50: quantile(drift, 0.5), driftP99: quantile(drift, 0.99) })}\n`,
  );
  process.exit(0);
}, durationMs + 200);
