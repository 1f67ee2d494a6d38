import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { batchToSamples } from '@streamwatch/metrics-core';
import { freePort, nativeEnv, waitFor, type ServiceProcess } from '@streamwatch/test-support';
import { deleteTopic, readTopic, startCollector, testKafka, uniqueName } from '../testing/int-helpers';

const native = nativeEnv();
const kafka = testKafka(native.KAFKA_BROKERS!);
const topic = uniqueName('collector-int-rw');
const job = uniqueName('prom-rw');
const dir = mkdtempSync(join(tmpdir(), 'collector-prom-'));
let collector: ServiceProcess;
let prometheus: ChildProcess;
let promLog = '';

beforeAll(async () => {
  collector = await startCollector({
    KAFKA_BROKERS: native.KAFKA_BROKERS!,
    SAMPLES_TOPIC: topic,
    INGEST_TOKEN: 'remote-write-int-token',
  });
  const promPort = await freePort();
  writeFileSync(
    join(dir, 'prometheus.yml'),
    `global: { scrape_interval: 1s, scrape_timeout: 1s }
scrape_configs:
  - job_name: ${job}
    static_configs: [{ targets: ['127.0.0.1:${promPort}'] }]
remote_write:
  - url: ${collector.url}/api/v1/write
    authorization: { credentials: remote-write-int-token }
    queue_config: { batch_send_deadline: 1s, max_samples_per_send: 500, min_backoff: 100ms, max_backoff: 1s }
`,
  );
  prometheus = spawn('/usr/bin/prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${promPort}`,
  ]);
  prometheus.stderr?.on('data', (d: Buffer) => (promLog += d.toString()));
});

afterAll(async () => {
  if (prometheus && prometheus.exitCode === null) {
    const exited = new Promise((r) => prometheus.once('exit', r));
    prometheus.kill('SIGTERM');
    await exited;
  }
  await collector?.stop();
  await deleteTopic(kafka, topic);
  rmSync(dir, { recursive: true, force: true });
});

describe('a real Prometheus remote-writing to the collector', () => {
  it('delivers its scraped samples into the topic, tagged remote_write, with nothing rejected', async () => {
    const isOurUp = (s: { name: string; labels: Record<string, string> }) =>
      s.name === 'up' && s.labels.job === job;
    const batches = await readTopic(kafka, topic, (b) => b.flatMap(batchToSamples).some(isOurUp), 40_000);
    const samples = batches.flatMap(batchToSamples);
    if (!samples.some(isOurUp))
      throw new Error(
        `no up{job="${job}"} sample arrived; prometheus log:\n${promLog.slice(-3000)}\ncollector:\n${collector.output().slice(-2000)}`,
      );
    expect(batches.every((b) => b.source === 'remote_write')).toBe(true);
    const up = samples.find(isOurUp)!;
    expect(up.value).toBe(1);
    expect(Math.abs(up.timestampMs - Date.now())).toBeLessThan(60_000);
    expect(samples.some((s) => s.name === 'prometheus_build_info')).toBe(true);

    await waitFor(async () => (await fetch(`${collector.url}/metrics`)).ok, 5000);
    const metrics = await (await fetch(`${collector.url}/metrics`)).text();
    expect(metrics).not.toMatch(/streamwatch_collector_samples_rejected_total\{[^}]*source="remote_write"/);
    expect(metrics).not.toMatch(/streamwatch_collector_requests_rejected_total\{[^}]*source="remote_write"/);
    expect(metrics).toMatch(
      /streamwatch_collector_samples_accepted_total\{[^}]*source="remote_write"[^}]*\} [1-9]/,
    );
  });
});
