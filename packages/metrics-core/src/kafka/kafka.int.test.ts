import { randomUUID } from 'node:crypto';
import { nativeEnv } from '@streamwatch/test-support';
import type { Kafka } from 'kafkajs';
import { silentLogger } from '../log/logger';
import { createRegistry } from '../metrics/registry';
import { isStaleNaN, STALE_NAN } from '../sample/staleness';
import type { Sample } from '../sample/sample';
import { decodeSampleBatch, type SampleBatch } from '../wire/sample-batch.codec';
import { BatchConsumer, type MessageContext } from './batch-consumer';
import { corruptMessageCounter } from './consumer-metrics';
import { createKafka } from './kafka-client';
import { SampleProducer } from './sample-producer';
import { ensureTopics } from './topics';

const env = nativeEnv();
let kafka: Kafka;

beforeAll(() => {
  kafka = createKafka({
    brokers: env.KAFKA_BROKERS!.split(','),
    clientId: 'metrics-core-int',
    logger: silentLogger(),
  });
});

async function partitionsOf(topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    return meta.topics[0]!.partitions.length;
  } finally {
    await admin.disconnect();
  }
}

describe('Kafka adapter against the real broker', () => {
  it('creates topics with the configured partitions, idempotently', async () => {
    const topic = `it-topics-${randomUUID()}`;
    expect(await ensureTopics(kafka, [{ topic, numPartitions: 4 }])).toEqual([topic]);
    expect(await ensureTopics(kafka, [{ topic, numPartitions: 4 }])).toEqual([]);
    expect(await partitionsOf(topic)).toBe(4);
  });

  it('produces a batch and consumes it back; a corrupt message is counted and skipped', async () => {
    const topic = `it-samples-${randomUUID()}`;
    await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
    const producer = new SampleProducer(kafka, { topic, compression: 'gzip' });
    await producer.connect();
    const samples: Sample[] = [];
    for (let i = 0; i < 50; i++)
      samples.push({
        name: 'it_metric',
        labels: { job: 'j', instance: `i${i % 5}` },
        value: i,
        timestampMs: 1_000 + i,
      });
    samples.push({
      name: 'it_metric',
      labels: { job: 'j', instance: 'i0' },
      value: STALE_NAN,
      timestampMs: 5_000,
    });
    await producer.sendRaw([{ key: 'junk', value: Buffer.from('not a batch') }]);
    const sentMessages = await producer.publish(samples, 'push');
    expect(sentMessages).toBe(5);

    const registry = createRegistry('it', { defaultMetrics: false });
    const received: Array<{ batch: SampleBatch; ctx: MessageContext }> = [];
    const consumer = new BatchConsumer<SampleBatch>({
      kafka,
      groupId: `it-${randomUUID()}`,
      topics: [topic],
      fromBeginning: true,
      logger: silentLogger(),
      decode: decodeSampleBatch,
      handle: (batch, ctx) => void received.push({ batch, ctx }),
      onCorrupt: corruptMessageCounter(registry),
    });
    await consumer.start();
    const deadline = Date.now() + 20_000;
    while (received.length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await consumer.stop();
    await producer.disconnect();

    expect(received).toHaveLength(5);
    const points = received.flatMap((r) => r.batch.series.flatMap((s) => s.points));
    expect(points).toHaveLength(51);
    expect(points.filter((p) => isStaleNaN(p.value))).toHaveLength(1);
    // one shard key per message, so one series' samples stay in order on one partition
    for (const { batch, ctx } of received) {
      expect(batch.source).toBe('push');
      const instances = new Set(batch.series.map((s) => s.labels.instance));
      expect(instances.size).toBe(1);
      expect(ctx.key).toContain(`${[...instances][0]}`);
    }
    const metrics = await registry.getSingleMetricAsString('streamwatch_kafka_messages_corrupt_total');
    expect(metrics).toContain(
      `streamwatch_kafka_messages_corrupt_total{topic="${topic}",problem="bad_magic",service="it"} 1`,
    );
  });
});
