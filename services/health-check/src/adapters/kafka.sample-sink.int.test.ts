import {
  createKafka,
  decodeSampleBatch,
  ensureTopics,
  SampleProducer,
  silentLogger,
  type SampleBatch,
} from '@streamwatch/metrics-core';
import { nativeEnv, waitFor } from '@streamwatch/test-support';
import { resultSamples } from '../domain/result-samples';
import { kafkaSampleSink } from './kafka.sample-sink';

const env = nativeEnv();
const topic = `hc-int-samples-${Date.now()}-${process.pid}`;
const kafka = createKafka({
  brokers: (env.KAFKA_BROKERS as string).split(','),
  clientId: 'hc-int-test',
  logger: silentLogger(),
});

afterAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

it('publishes probe results as health_check samples to Kafka and they read back', async () => {
  await ensureTopics(kafka, [{ topic, numPartitions: 2 }]);
  const producer = new SampleProducer(kafka, { topic });
  await producer.connect();
  const samples = [
    ...resultSamples('collector', 'http', {
      success: true,
      startedAtMs: 1_700_000_000_000,
      durationSeconds: 0.02,
      httpStatusCode: 200,
    }),
    ...resultSamples('redis', 'redis', {
      success: false,
      startedAtMs: 1_700_000_000_500,
      durationSeconds: 1.5,
      reason: 'timeout',
    }),
  ];
  await kafkaSampleSink(producer).publish(samples);
  await producer.disconnect();

  const batches: SampleBatch[] = [];
  const consumer = kafka.consumer({ groupId: `${topic}-reader` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => void batches.push(decodeSampleBatch(message.value as Buffer)),
  });
  try {
    await waitFor(async () => batches.flatMap((b) => b.series).length === samples.length, 30_000);
  } finally {
    await consumer.disconnect();
  }
  expect(new Set(batches.map((b) => b.source))).toEqual(new Set(['health_check']));
  const series = batches
    .flatMap((b) => b.series)
    .map((s) => ({ name: s.name, labels: s.labels, points: s.points }));
  expect(series).toEqual(
    expect.arrayContaining([
      {
        name: 'probe_success',
        labels: { job: 'health-check', instance: 'collector', target: 'collector', type: 'http' },
        points: [{ timestampMs: 1_700_000_000_020, value: 1 }],
      },
      {
        name: 'probe_http_status_code',
        labels: { job: 'health-check', instance: 'collector', target: 'collector', type: 'http' },
        points: [{ timestampMs: 1_700_000_000_020, value: 200 }],
      },
      {
        name: 'probe_success',
        labels: { job: 'health-check', instance: 'redis', target: 'redis', type: 'redis' },
        points: [{ timestampMs: 1_700_000_002_000, value: 0 }],
      },
      {
        name: 'probe_duration_seconds',
        labels: { job: 'health-check', instance: 'redis', target: 'redis', type: 'redis' },
        points: [{ timestampMs: 1_700_000_002_000, value: 1.5 }],
      },
    ]),
  );
});
