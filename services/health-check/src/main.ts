import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  closeServer,
  createKafka,
  createLogger,
  createRegistry,
  ensureTopics,
  kafkaCheck,
  listen,
  onShutdownSignals,
  runMain,
  SampleProducer,
  type DependencyCheck,
} from '@streamwatch/metrics-core';
import { kafkaSampleSink } from './adapters/kafka.sample-sink';
import { createHttpAgents, createProbe } from './adapters/probes/create-probe';
import { createApp } from './app';
import { readConfig } from './config';
import { StatusBoard } from './domain/status-board';
import { createHealthCheckMetrics } from './metrics';
import { createMonitor } from './monitor';
import type { SampleSink } from './ports';
import { SampleBuffer } from './publishing/sample-buffer';
import { Scheduler } from './scheduler/scheduler';
import { systemClock } from './scheduler/system-clock';
import { parseTargets } from './targets/load-targets';

const VERSION = process.env.npm_package_version ?? '0.1.0';

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const targetsFile = resolve(config.TARGETS_FILE);
  const targets = parseTargets(readFileSync(targetsFile, 'utf8'), { env: process.env, readFile: (p) => readFileSync(p, 'utf8') }, targetsFile);
  const logger = createLogger({ service: 'health-check', level: config.LOG_LEVEL });
  const registry = createRegistry('health-check');
  const clock = systemClock;
  const board = new StatusBoard(targets, config.HISTORY_SIZE, clock.now());
  const metrics = createHealthCheckMetrics(registry, () => board.states());

  const checks: DependencyCheck[] = [];
  let sink: SampleSink = { publish: async () => undefined };
  let producer: SampleProducer | undefined;
  let kafkaHealth: ReturnType<typeof kafkaCheck> | undefined;
  if (config.PUBLISH_SAMPLES) {
    const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger });
    await ensureTopics(kafka, [{ topic: config.SAMPLES_TOPIC, numPartitions: config.SAMPLES_TOPIC_PARTITIONS }]);
    producer = new SampleProducer(kafka, { topic: config.SAMPLES_TOPIC });
    await producer.connect();
    kafkaHealth = kafkaCheck(kafka);
    checks.push(kafkaHealth);
    sink = kafkaSampleSink(producer);
  }

  const buffer = new SampleBuffer({
    sink,
    clock,
    logger: logger.child({ component: 'sample-buffer' }),
    flushIntervalMs: config.PUBLISH_FLUSH_MS,
    capacity: config.PUBLISH_BUFFER_SAMPLES,
    onPublished: (n) => metrics.samplesPublished.inc(n),
    onFailure: () => metrics.publishFailures.inc(),
    onDropped: (n) => metrics.samplesDropped.inc(n),
  });
  const monitor = createMonitor({ targets, board, metrics, samples: buffer, logger });
  const agents = createHttpAgents();
  const jobs = targets.map((t) => ({ name: t.name, intervalMs: t.intervalMs, timeoutMs: t.timeoutMs, probe: createProbe(t, agents) }));
  const scheduler = new Scheduler({
    clock,
    concurrency: config.PROBE_CONCURRENCY,
    hooks: {
      onResult: monitor.onResult,
      onDrift: (s) => metrics.drift.observe(s),
      onSkipped: () => metrics.skipped.inc(),
      onInFlight: (n) => metrics.inFlight.set(n),
    },
  });

  let shuttingDown = false;
  const app = createApp({
    registry,
    logger,
    checks,
    isShuttingDown: () => shuttingDown,
    version: VERSION,
    status: { snapshot: () => board.snapshot(), now: () => clock.now(), historyLimit: config.HISTORY_SIZE, refreshSeconds: config.STATUS_PAGE_REFRESH_SECONDS },
  });
  const server = await listen(app, config.PORT, config.HOST);
  buffer.start();
  scheduler.start(jobs);
  logger.info({ host: config.HOST, port: config.PORT, targets: targets.length, targetsFile }, 'health-check listening');

  onShutdownSignals({
    logger,
    deadlineMs: config.SHUTDOWN_DEADLINE_MS,
    onStart: () => (shuttingDown = true),
    steps: [
      { name: 'http', run: () => closeServer(server) },
      { name: 'scheduler', run: () => scheduler.stop() },
      { name: 'probes', run: async () => void (await Promise.all(jobs.map((j) => j.probe.close?.()))) },
      { name: 'sample-buffer', run: () => buffer.stop() },
      { name: 'kafka-producer', run: async () => producer?.disconnect() },
      { name: 'kafka-health', run: async () => kafkaHealth?.close() },
    ],
  });
}

runMain('health-check', main);
