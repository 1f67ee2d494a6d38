import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from './stats.mjs';

const PROMETHEUS = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
const ALERTMANAGER = process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager';

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer().once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitReady(url, ms, what, logs) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      /* not yet */
    }
    await sleep(200);
  }
  throw new Error(`${what} not ready within ${ms} ms:\n${logs().slice(-2000)}`);
}

function run(bin, args) {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out = (out + d).slice(-20_000)));
  child.stderr.on('data', (d) => (out = (out + d).slice(-20_000)));
  return { child, logs: () => out };
}

/**
 * A private Prometheus + Alertmanager pair on free loopback ports, scraping `exporterUrl` and posting
 * alerts to `webhookUrl`. `timing` is { scrape, evaluation, groupWait } as Prometheus durations, or
 * undefined fields for the upstream defaults (scrape and evaluation 1m, group_wait 30s).
 */
export async function startPromPair(name, { exporterUrl, webhookUrl, timing }) {
  const dir = mkdtempSync(join(tmpdir(), `latency-${name}-`));
  const [promPort, amPort] = [await freePort(), await freePort()];
  const global = [
    timing.scrape && `  scrape_interval: ${timing.scrape}`,
    timing.evaluation && `  evaluation_interval: ${timing.evaluation}`,
  ]
    .filter(Boolean)
    .join('\n');
  const url = new URL(exporterUrl);
  writeFileSync(
    join(dir, 'prometheus.yml'),
    `global:${global ? `\n${global}` : ' {}'}
rule_files: [rules.yml]
alerting:
  alertmanagers:
    - static_configs: [{ targets: ['127.0.0.1:${amPort}'] }]
scrape_configs:
  - job_name: bench
    metrics_path: ${url.pathname}
    static_configs: [{ targets: ['${url.host}'] }]
`,
  );
  writeFileSync(
    join(dir, 'rules.yml'),
    `groups:
  - name: bench
    rules:
      - alert: BenchFlagHigh
        expr: bench_flag > 5
`,
  );
  // group_by the per-alert label: every alert is its own group, as each unique instance is in the streaming path.
  writeFileSync(
    join(dir, 'alertmanager.yml'),
    `route:
  receiver: sink
  group_by: ['alertname', 'alert']${timing.groupWait ? `\n  group_wait: ${timing.groupWait}` : ''}
receivers:
  - name: sink
    webhook_configs: [{ url: '${webhookUrl}', send_resolved: false }]
`,
  );
  const am = run(ALERTMANAGER, [
    `--config.file=${join(dir, 'alertmanager.yml')}`,
    `--storage.path=${join(dir, 'am')}`,
    `--web.listen-address=127.0.0.1:${amPort}`,
    '--cluster.listen-address=',
  ]);
  const prom = run(PROMETHEUS, [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'tsdb')}`,
    `--web.listen-address=127.0.0.1:${promPort}`,
  ]);
  const stop = async () => {
    for (const p of [prom, am]) if (p.child.exitCode === null) p.child.kill('SIGTERM');
    await Promise.all(
      [prom, am].map((p) =>
        p.child.exitCode === null ? new Promise((r) => p.child.once('exit', r)) : undefined,
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(`http://127.0.0.1:${amPort}/-/ready`, 20_000, `${name} Alertmanager`, am.logs);
    await waitReady(`http://127.0.0.1:${promPort}/-/ready`, 20_000, `${name} Prometheus`, prom.logs);
  } catch (err) {
    await stop();
    throw err;
  }
  return { promUrl: `http://127.0.0.1:${promPort}`, amUrl: `http://127.0.0.1:${amPort}`, stop };
}
