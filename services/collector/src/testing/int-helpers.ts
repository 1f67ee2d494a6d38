import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createKafka, decodeSampleBatch, silentLogger, type SampleBatch } from '@streamwatch/metrics-core';
import { freePort, startService, waitFor, type ServiceProcess } from '@streamwatch/test-support';
import type { Kafka } from 'kafkajs';

export const COLLECTOR_ENTRY = join(__dirname, '../../dist/main.js');

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export function testKafka(brokers: string): Kafka {
  return createKafka({
    brokers: brokers.split(','),
    clientId: uniqueName('collector-int'),
    logger: silentLogger(),
  });
}

/** The ingest token `startCollector` configures unless the test sets its own. */
export const INT_INGEST_TOKEN = 'collector-int-ingest-token';
export const INT_AUTH = { Authorization: `Bearer ${INT_INGEST_TOKEN}` };

export async function startCollector(env: Record<string, string>): Promise<ServiceProcess> {
  const port = await freePort();
  const defaults = {
    LOG_LEVEL: 'warn',
    FORWARD_ENABLED: 'false',
    SCRAPE_ENABLED: 'false',
    INGEST_TOKEN: INT_INGEST_TOKEN,
  };
  const svc = startService(COLLECTOR_ENTRY, { ...defaults, ...env }, port);
  try {
    await waitFor(async () => (await fetch(`${svc.url}/health/ready`)).status === 200, 30_000, 200);
  } catch (err) {
    await svc.stop();
    throw new Error(`collector did not become ready: ${(err as Error).message}\n${svc.output()}`);
  }
  return svc;
}

/** Reads the whole topic from the beginning until `done(batches)` holds or the timeout passes. */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  done: (batches: SampleBatch[]) => boolean,
  timeoutMs: number,
): Promise<SampleBatch[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('collector-int-reader'), maxWaitTimeInMs: 200 });
  const batches: SampleBatch[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => void batches.push(decodeSampleBatch(message.value!)),
    });
    await waitFor(async () => done(batches), timeoutMs, 200).catch(() => undefined);
    return batches;
  } finally {
    await consumer.disconnect();
  }
}

export async function deleteTopic(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [topic], timeout: 5000 });
  } catch {
    /* best effort */
  } finally {
    await admin.disconnect();
  }
}
