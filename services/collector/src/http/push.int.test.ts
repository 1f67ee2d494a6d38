import { batchToSamples, isStaleNaN } from '@streamwatch/metrics-core';
import { nativeEnv, type ServiceProcess } from '@streamwatch/test-support';
import { deleteTopic, readTopic, startCollector, testKafka, uniqueName } from '../testing/int-helpers';

const native = nativeEnv();
const kafka = testKafka(native.KAFKA_BROKERS!);
const topic = uniqueName('collector-int-push');
let collector: ServiceProcess;

beforeAll(async () => {
  collector = await startCollector({
    KAFKA_BROKERS: native.KAFKA_BROKERS!,
    SAMPLES_TOPIC: topic,
    SAMPLES_TOPIC_PARTITIONS: '3',
    INGEST_TOKEN: 'push-int-test-token',
  });
});

afterAll(async () => {
  await collector?.stop();
  await deleteTopic(kafka, topic);
});

describe('JSON push into the real Kafka', () => {
  it('answers 204 only after the samples are in the topic, with labels, timestamps and special values intact', async () => {
    const run = uniqueName('run');
    const now = Date.now();
    const samples = [
      { name: 'orders_total', labels: { run, shop: 'eu' }, value: 42, timestamp: now - 1000 },
      { name: 'orders_total', labels: { run, shop: 'eu' }, value: 43, timestamp: now },
      { name: 'queue_depth', labels: { run, job: 'shop', instance: 'a' }, value: '+Inf', timestamp: now },
    ];
    const res = await fetch(`${collector.url}/api/v1/samples`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer push-int-test-token' },
      body: JSON.stringify(samples),
    });
    expect(res.status).toBe(204);

    const batches = await readTopic(kafka, topic, (b) => b.flatMap(batchToSamples).length >= 3, 15_000);
    expect(batches.every((b) => b.source === 'push')).toBe(true);
    const got = batches.flatMap(batchToSamples).filter((s) => s.labels.run === run);
    expect(got).toHaveLength(3);
    const orders = got.filter((s) => s.name === 'orders_total');
    expect(orders.map((s) => [s.timestampMs, s.value])).toEqual([
      [now - 1000, 42],
      [now, 43],
    ]);
    const depth = got.find((s) => s.name === 'queue_depth')!;
    expect(depth.value).toBe(Infinity);
    expect(isStaleNaN(depth.value)).toBe(false);
    // one series per batch message, never one message per sample
    expect(batches.length).toBeLessThanOrEqual(2);
  });

  it('refuses an unauthenticated push and serves its own metrics', async () => {
    const res = await fetch(`${collector.url}/api/v1/samples`, {
      method: 'POST',
      body: '[]',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(401);
    const metrics = await (await fetch(`${collector.url}/metrics`)).text();
    expect(metrics).toMatch(/streamwatch_collector_samples_accepted_total\{[^}]*source="push"[^}]*\} 3/);
    expect(metrics).toContain('streamwatch_collector_requests_rejected_total');
  });
});
