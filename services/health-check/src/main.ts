import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  closeServer,
  ConfigError,
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
import type { Logger } from 'pino';
import { kafkaSampleSink } from './adapters/kafka.sample-sink';
import { createHttpAgents, createProbe } from './adapters/probes/create-probe';
import { createApp } from './app';
import { readConfig, type HealthCheckConfig } from './config';
import { StatusBoard } from './domain/status-board';
import { createHealthCheckMetrics } from './metrics';
import { createMonitor } from './monitor';
import type { SampleSink } from './ports';
import { SampleBuffer } from './publishing/sample-buffer';
import { Scheduler } from './scheduler/scheduler';
import { systemClock } from './scheduler/system-clock';
import { parseTargets } from './targets/load-targets';

const BUNDLED_TARGETS_FILE = join(__dirname, '../config/targets.yml');

const VERSION = process.env.npm_package_version ?? '0.1.0';

function readTargetsFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const message = `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`;
    throw new ConfigError(`invalid configuration: TARGETS_FILE ${message}`, {
      details: [{ field: 'TARGETS_FILE', message }],
    });
  }
}

/** Kafka producer for result samples, or a no-op sink when publishing is off. */
async function connectKafka(config: HealthCheckConfig, logger: Logger) {
  const checks: DependencyCheck[] = [];
  if (!config.PUBLISH_SAMPLES)
    return {
      checks,
      sink: { publish: async () => undefined } as SampleSink,
      producer: undefined,
      kafkaHealth: undefined,
    };
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger });
  await ensureTopics(kafka, [
    { topic: config.SAMPLES_TOPIC, numPartitions: config.SAMPLES_TOPIC_PARTITIONS },
  ]);
  const producer = new SampleProducer(kafka, { topic: config.SAMPLES_TOPIC });
  await producer.connect();
  const kafkaHealth = kafkaCheck(kafka);
  checks.push(kafkaHealth);
  return { checks, sink: kafkaSampleSink(producer), producer, kafkaHealth };
}

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const targetsFile = resolve(config.TARGETS_FILE ?? BUNDLED_TARGETS_FILE);
  const targets = parseTargets(
    readTargetsFile(targetsFile),
    { env: process.env, readFile: (p) => readFileSync(p, 'utf8') },
    targetsFile,
  );
  const logger = createLogger({ service: 'health-check', level: config.LOG_LEVEL });
  const registry = createRegistry('health-check');
  const clock = systemClock;
  const board = new StatusBoard(targets, config.HISTORY_SIZE, clock.now());
  const metrics = createHealthCheckMetrics(registry, () => board.states());

  const { checks, sink, producer, kafkaHealth } = await connectKafka(config, logger);

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
  const jobs = targets.map((t) => ({
    name: t.name,
    intervalMs: t.intervalMs,
    timeoutMs: t.timeoutMs,
    probe: createProbe(t, agents),
  }));
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
    status: {
      snapshot: () => board.snapshot(),
      now: () => clock.now(),
      historyLimit: config.HISTORY_SIZE,
      refreshSeconds: config.STATUS_PAGE_REFRESH_SECONDS,
    },
  });
  const server = await listen(app, config.PORT, config.HOST);
  buffer.start();
  scheduler.start(jobs);
  logger.info(
    { host: config.HOST, port: config.PORT, targets: targets.length, targetsFile },
    'health-check listening',
  );

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
