import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { freePort, startService, waitReady, type ServiceProcess } from '@streamwatch/test-support';
import { Partitioners, type Kafka } from 'kafkajs';
import type { AlertTransitionEvent, PostableAlert } from '../ports';

/** The built service, as the process-level tests run it (build first). */
export const EVALUATOR_ENTRY = join(__dirname, '..', '..', 'dist', 'main.js');

/** One `POST /api/v2/alerts` the fake Alertmanager received, with the wall-clock time it arrived. */
export interface ReceivedPost {
  atMs: number;
  alerts: PostableAlert[];
}

/** Stands in for Alertmanager's `POST /api/v2/alerts` and records every post. */
export async function startFakeAlertmanager(): Promise<{
  url: string;
  posts: ReceivedPost[];
  close: () => Promise<void>;
}> {
  const posts: ReceivedPost[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/api/v2/alerts')
        posts.push({ atMs: Date.now(), alerts: JSON.parse(body) as PostableAlert[] });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    posts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Records every transition published on the `alerts` topic (from its beginning). */
export async function recordTransitions(
  kafka: Kafka,
  topic: string,
  groupId: string,
): Promise<{ events: AlertTransitionEvent[]; stop: () => Promise<void> }> {
  const events: AlertTransitionEvent[] = [];
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) =>
      void events.push(JSON.parse(message.value?.toString() ?? '{}') as AlertTransitionEvent),
  });
  return { events, stop: () => consumer.disconnect() };
}

/** The partition kafkajs' default partitioner (the one SampleProducer uses) gives a message key. */
export function partitionOf(key: string, partitions: number): number {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
    partitionErrorCode: 0,
  }));
  return partitioner({ topic: 't', partitionMetadata, message: { key, value: null } });
}

/** A started evaluator process and the times it took to come back. */
export interface EvaluatorRun {
  proc: ServiceProcess;
  /** From the start of `startEvaluator` (or the signal, for a restart) to ready, and to its first consumed sample. */
  readyMs: number;
  consumingMs: number;
}

/** Reads one unlabelled-by-us counter or gauge from `/metrics` (summing its label sets). */
export async function metricValue(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(2000) })).text();
  let sum = 0;
  for (const m of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))) sum += Number(m[1]);
  return sum;
}

/**
 * Starts the built evaluator and waits until it is ready and has consumed a sample (the samples topic must
 * be fed meanwhile). `since` is when the clock for the reported times started (default: now).
 */
export async function startEvaluator(
  env: Record<string, string>,
  since = Date.now(),
  consumeTimeoutMs = 60_000,
): Promise<EvaluatorRun> {
  const proc = startService(EVALUATOR_ENTRY, env, await freePort());
  try {
    await waitReady(proc, 45_000);
  } catch (err) {
    await proc.stop('SIGKILL');
    throw err;
  }
  const readyMs = Date.now() - since;
  const deadline = Date.now() + consumeTimeoutMs;
  while (
    (await metricValue(proc.url, 'streamwatch_evaluator_samples_processed_total').catch(() => 0)) === 0
  ) {
    if (Date.now() > deadline) {
      await proc.stop('SIGKILL');
      throw new Error(
        `evaluator consumed nothing within ${consumeTimeoutMs} ms:\n${proc.output().slice(-4000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { proc, readyMs, consumingMs: Date.now() - since };
}
