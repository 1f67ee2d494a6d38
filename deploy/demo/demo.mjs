#!/usr/bin/env node
// Streamwatch demo: pushes a small shop's business metrics to the collector every second
// (orders, payments, payment errors, checkout latency histogram; labels service/region/method),
// with a burst of payment errors after ~30 s so PaymentErrorsHigh fires and an alert e-mail
// arrives within seconds (and a resolved one ~30 s after the burst ends).
// Needs the stack: deploy/native/stack.sh up, or docker compose up -d.
//
// Usage: node deploy/demo/demo.mjs [--minutes 3] [--burst-at 30] [--burst-for 20] [--collector http://127.0.0.1:8080]
// Token: $COLLECTOR_INGEST_TOKEN, else .native/secrets/collector_ingest_token, else COLLECTOR_INGEST_TOKEN in .env.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const REPO = resolve(import.meta.dirname, '../..');
const { values: opt } = parseArgs({
  options: {
    minutes: { type: 'string', default: '3' },
    'burst-at': { type: 'string', default: '30' },
    'burst-for': { type: 'string', default: '20' },
    collector: { type: 'string', default: process.env.COLLECTOR_URL ?? 'http://127.0.0.1:8080' },
  },
});
const SECONDS = Math.round(Number(opt.minutes) * 60);
const BURST_AT = Number(opt['burst-at']);
const BURST_END = BURST_AT + Number(opt['burst-for']);
if (!(SECONDS > 0 && SECONDS <= 24 * 3600) || !(BURST_AT >= 0) || !(BURST_END > BURST_AT)) {
  console.error('--minutes must be in (0, 1440], --burst-at >= 0, --burst-for > 0');
  process.exit(2);
}

function token() {
  if (process.env.COLLECTOR_INGEST_TOKEN) return process.env.COLLECTOR_INGEST_TOKEN;
  const native = join(
    process.env.STREAMWATCH_NATIVE_DIR ?? join(REPO, '.native'),
    'secrets/collector_ingest_token',
  );
  if (existsSync(native)) return readFileSync(native, 'utf8').trim();
  const dotenv = join(REPO, '.env');
  const m = existsSync(dotenv) ? /^COLLECTOR_INGEST_TOKEN=(.+)$/m.exec(readFileSync(dotenv, 'utf8')) : null;
  if (m) return m[1].trim();
  console.error(
    'no ingest token: set COLLECTOR_INGEST_TOKEN, or start the stack (deploy/native/stack.sh up / docker compose up)',
  );
  process.exit(2);
}
const TOKEN = token();

// ---- the shop: cumulative counters and a histogram, advanced once a second ----------------------
const REGIONS = ['eu', 'us'];
const METHODS = ['card', 'paypal'];
const BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const counters = new Map();
const add = (key, v) => counters.set(key, (counters.get(key) ?? 0) + v);
/** Knuth's Poisson sampler: events per second at the given mean. */
function poisson(mean) {
  const limit = Math.exp(-mean);
  let k = 0;
  let product = Math.random();
  while (product > limit) {
    k += 1;
    product *= Math.random();
  }
  return k;
}
const latency = () => Math.exp(Math.log(0.18) + 0.6 * (Math.random() + Math.random() + Math.random() - 1.5)); // ~lognormal around 180 ms

function tick(second) {
  const burst = second >= BURST_AT && second < BURST_END;
  const samples = [];
  const push = (name, labels, value, type) =>
    samples.push({ name, labels, value, ...(type ? { type } : {}) });
  for (const region of REGIONS) {
    const rate = region === 'eu' ? 6 : 4;
    for (const [service, share] of [
      ['checkout', 0.7],
      ['mobile', 0.3],
    ]) {
      const orders = poisson(rate * share);
      const failed = poisson(orders * (burst && service === 'checkout' ? 0.08 : 0.02));
      add(`orders_total|${service}|${region}`, orders);
      add(`orders_failed_total|${service}|${region}`, failed);
      push('orders_total', { service, region }, counters.get(`orders_total|${service}|${region}`), 'counter');
      push(
        'orders_failed_total',
        { service, region },
        counters.get(`orders_failed_total|${service}|${region}`),
        'counter',
      );
      for (let i = 0; i < orders; i++) {
        const d = latency() * (burst && service === 'checkout' ? 3 : 1);
        for (const le of BUCKETS) if (d <= le) add(`bucket|${service}|${le}`, 1);
        add(`bucket|${service}|+Inf`, 1);
        add(`sum|${service}`, d);
      }
    }
    for (const method of METHODS) {
      add(`payments_total|${region}|${method}`, poisson(method === 'card' ? rate * 0.8 : rate * 0.2));
      push(
        'payments_total',
        { service: 'payments', region, method },
        counters.get(`payments_total|${region}|${method}`),
        'counter',
      );
    }
  }
  for (const service of ['checkout', 'mobile']) {
    for (const le of [...BUCKETS, '+Inf'])
      push(
        'checkout_duration_seconds_bucket',
        { service, le: String(le) },
        counters.get(`bucket|${service}|${le}`) ?? 0,
        'counter',
      );
    push(
      'checkout_duration_seconds_count',
      { service },
      counters.get(`bucket|${service}|+Inf`) ?? 0,
      'counter',
    );
    push('checkout_duration_seconds_sum', { service }, counters.get(`sum|${service}`) ?? 0, 'counter');
  }
  // PaymentErrorsHigh (prometheus/streaming-rules/business.yml) fires above 5.
  push('payment_errors', { service: 'checkout' }, burst ? 9 + poisson(3) : poisson(0.6), 'gauge');
  push('payment_errors', { service: 'mobile' }, poisson(0.3), 'gauge');
  return samples;
}

async function send(samples) {
  const res = await fetch(`${opt.collector}/api/v1/samples`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(samples),
    signal: AbortSignal.timeout(5000),
  });
  if (res.status !== 204)
    throw new Error(`collector answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
}

// ---- where to look ----------------------------------------------------------------------------------
const up = (url) =>
  fetch(url, { signal: AbortSignal.timeout(1500) }).then(
    (r) => r.status < 500,
    () => false,
  );
const MAIL = 'http://127.0.0.1:8025';

/** Alert mail subjects from Mailpit (compose) or the native SMTP sink, newest first. */
async function mailSubjects() {
  const mailpit = await fetch(`${MAIL}/api/v1/messages?limit=20`).then(
    (r) => (r.ok ? r.json() : undefined),
    () => undefined,
  );
  if (mailpit?.messages)
    return mailpit.messages.map((m) => ({ subject: m.Subject, at: Date.parse(m.Created) }));
  const native = await fetch(`${MAIL}/api/messages`).then(
    (r) => (r.ok ? r.json() : []),
    () => [],
  );
  return native.map((m) => ({ subject: m.subject, at: Number(String(m.id).split('-')[0]) }));
}

async function main() {
  if (!(await up(`${opt.collector}/health/live`))) {
    console.error(
      `collector not reachable at ${opt.collector}: start the stack first (deploy/native/stack.sh up, or docker compose up -d)`,
    );
    process.exit(1);
  }
  const grafana = (await up('http://127.0.0.1:3000/api/health'))
    ? 'http://127.0.0.1:3000/d/streamwatch-business  (and /d/streamwatch-pipeline)'
    : 'not running (the native stack has no Grafana; `docker compose up -d` has it on http://127.0.0.1:3000)';
  console.log(`Streamwatch demo: ${SECONDS} s of shop traffic to ${opt.collector}; payment-error burst from ${BURST_AT} s to ${BURST_END} s.
Open:
  Grafana        ${grafana}
  Alert e-mails  ${MAIL}  (Mailpit in compose, the SMTP sink natively)
  Prometheus     http://127.0.0.1:9090/graph?g0.expr=payment_errors  (and /alerts)
  Alertmanager   http://127.0.0.1:9093/#/alerts
  Status page    http://127.0.0.1:8083/
`);
  const started = Date.now();
  let burstPushedAt;
  let mailSeen = false;
  let stop = false;
  process.once('SIGINT', () => (stop = true));
  for (let s = 0; s < SECONDS && !stop; s++) {
    const samples = tick(s);
    await send(samples).catch((err) => console.error(`  t=${s}s push failed: ${err.message}`));
    if (s === BURST_AT) {
      burstPushedAt = Date.now();
      console.log(
        `  t=${s}s payment_errors{service="checkout"} jumps above 5: PaymentErrorsHigh fires; watch ${MAIL}`,
      );
    }
    if (s === BURST_END)
      console.log(`  t=${s}s payment errors back to normal: a RESOLVED mail follows within ~30 s`);
    if (burstPushedAt && !mailSeen) {
      const mail = (await mailSubjects().catch(() => [])).find(
        (m) => m.at >= burstPushedAt - 1000 && /FIRING.*PaymentErrorsHigh/.test(m.subject),
      );
      if (mail) {
        mailSeen = true;
        console.log(
          `  alert e-mail "${mail.subject}" arrived ${((mail.at - burstPushedAt) / 1000).toFixed(1)} s after the burst`,
        );
      }
    }
    if (s % 30 === 0 && s !== BURST_AT) console.log(`  t=${s}s pushed ${samples.length} samples/s`);
    const next = started + (s + 1) * 1000 - Date.now();
    if (next > 0) await new Promise((r) => setTimeout(r, next));
  }
  // Leave no alert firing behind.
  await send([{ name: 'payment_errors', labels: { service: 'checkout' }, value: 0 }]).catch(() => undefined);
  console.log('demo finished');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
