import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { batchToSamples, type Sample } from '@streamwatch/metrics-core';
import { nativeEnv, type ServiceProcess } from '@streamwatch/test-support';
import { deleteTopic, readTopic, startCollector, testKafka, uniqueName } from '../testing/int-helpers';

const native = nativeEnv();
const kafka = testKafka(native.KAFKA_BROKERS!);
const topic = uniqueName('collector-int-scrape');
const job = uniqueName('node');
const nodeExporter = new URL(native.NODE_EXPORTER_URL!).host;
const dir = mkdtempSync(join(tmpdir(), 'collector-scrape-'));
let collector: ServiceProcess;

beforeAll(async () => {
  const file = join(dir, 'scrape.yml');
  writeFileSync(
    file,
    `scrape_configs:
  - job_name: ${job}
    scrape_interval: 1s
    static_configs:
      - targets: ['${nodeExporter}']
        labels: { env: int }
  - job_name: ${job}-down
    scrape_interval: 1s
    scrape_timeout: 500ms
    static_configs:
      - targets: ['127.0.0.1:1']
`,
  );
  collector = await startCollector({
    KAFKA_BROKERS: native.KAFKA_BROKERS!,
    SAMPLES_TOPIC: topic,
    SCRAPE_ENABLED: 'true',
    SCRAPE_CONFIG_FILE: file,
  });
});

afterAll(async () => {
  await collector?.stop();
  await deleteTopic(kafka, topic);
  rmSync(dir, { recursive: true, force: true });
});

describe('scraping the real node-exporter', () => {
  it('publishes its samples with job/instance/static labels and the synthetic series', async () => {
    const find = (samples: Sample[], name: string, j = job) =>
      samples.find((s) => s.name === name && s.labels.job === j);
    const batches = await readTopic(
      kafka,
      topic,
      (b) => {
        const samples = b.flatMap(batchToSamples);
        return Boolean(find(samples, 'scrape_samples_scraped') && find(samples, 'up', `${job}-down`));
      },
      20_000,
    );
    const samples = batches.flatMap(batchToSamples);
    expect(batches.every((b) => b.source === 'scrape')).toBe(true);
    expect(find(samples, 'up')).toMatchObject({
      value: 1,
      labels: { job, instance: nodeExporter, env: 'int' },
    });
    expect(find(samples, 'scrape_samples_scraped')!.value).toBeGreaterThan(100);
    expect(find(samples, 'node_load1')?.labels).toEqual({ job, instance: nodeExporter, env: 'int' });
    expect(
      samples.some(
        (s) => s.name === 'node_cpu_seconds_total' && s.labels.job === job && s.labels.mode === 'idle',
      ),
    ).toBe(true);
    expect(find(samples, 'up', `${job}-down`)!.value).toBe(0);

    const metrics = await (await fetch(`${collector.url}/metrics`)).text();
    expect(metrics).toMatch(
      new RegExp(`streamwatch_collector_scrape_target_up\\{[^}]*job="${job}"[^}]*\\} 1`),
    );
    expect(metrics).toMatch(
      new RegExp(`streamwatch_collector_scrape_target_up\\{[^}]*job="${job}-down"[^}]*\\} 0`),
    );
    expect(metrics).not.toMatch(/streamwatch_collector_samples_rejected_total\{[^}]*source="scrape"/);
  });
});
