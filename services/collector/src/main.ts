import {
  BatchConsumer,
  closeServer,
  createKafka,
  createLogger,
  createRegistry,
  ensureTopics,
  kafkaCheck,
  listen,
  onShutdownSignals,
  redactUrl,
  decodeSampleBatch,
  requireAuth,
  runMain,
  SampleProducer,
  type ShutdownStep,
} from '@streamwatch/metrics-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpScrapeFetcher } from './adapters/http.scrape-fetcher';
import { KafkaSampleSink } from './adapters/kafka.sample-sink';
import { PrometheusRemoteWriter } from './adapters/prometheus.remote-writer';
import { createApp } from './app';
import { readConfig } from './config';
import { CardinalityLimiter } from './domain/cardinality';
import { InFlightBuffer } from './domain/in-flight-buffer';
import { parseScrapeConfig } from './domain/scrape-config';
import { createPushForwarder } from './forward/push-forwarder';
import { createIngestor } from './ingest/ingestor';
import { createCollectorMetrics } from './metrics';
import { systemClock } from './ports';
import { ScrapeScheduler } from './scrape/scheduler';
import { createTargetScraper } from './scrape/target-scraper';

const VERSION = process.env.npm_package_version ?? '0.1.0';
const BUNDLED_SCRAPE_CONFIG = join(__dirname, '../config/scrape.yml');

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const logger = createLogger({ service: 'collector', level: config.LOG_LEVEL });
  const registry = createRegistry('collector');
  const metrics = createCollectorMetrics(registry);
  const kafka = createKafka({
    brokers: config.KAFKA_BROKERS,
    clientId: config.KAFKA_CLIENT_ID,
    logger,
    connectionTimeoutMs: config.KAFKA_CONNECTION_TIMEOUT_MS,
    requestTimeoutMs: config.KAFKA_REQUEST_TIMEOUT_MS,
  });
  await ensureTopics(kafka, [
    { topic: config.SAMPLES_TOPIC, numPartitions: config.SAMPLES_TOPIC_PARTITIONS },
  ]);
  const producer = new SampleProducer(kafka, {
    topic: config.SAMPLES_TOPIC,
    compression: config.KAFKA_COMPRESSION,
  });
  await producer.connect();
  const kafkaHealth = kafkaCheck(kafka);
  const sink = new KafkaSampleSink(producer, {
    maxInFlight: config.KAFKA_MAX_IN_FLIGHT_SENDS,
    maxWeight: config.KAFKA_SEND_MAX_BYTES,
    onSend: (requests) => metrics.kafkaSendRequests.observe(requests),
  });

  const ingestor = createIngestor({
    sink,
    metrics,
    logger,
    clock: systemClock,
    buffer: new InFlightBuffer(config.BUFFER_CAPACITY_SAMPLES),
    cardinality: new CardinalityLimiter(config.MAX_SERIES_PER_METRIC, config.SERIES_IDLE_TTL_MS),
    limits: {
      maxSamplesPerRequest: config.MAX_SAMPLES_PER_REQUEST,
      maxAgeMs: config.MAX_SAMPLE_AGE_MS,
      maxFutureMs: config.MAX_SAMPLE_FUTURE_MS,
      sample: {
        maxLabels: config.MAX_LABELS_PER_SERIES,
        maxLabelNameLength: config.MAX_LABEL_NAME_LENGTH,
        maxLabelValueLength: config.MAX_LABEL_VALUE_LENGTH,
      },
    },
    produceTimeoutMs: config.KAFKA_PRODUCE_TIMEOUT_MS,
    retryAfterSeconds: config.RETRY_AFTER_SECONDS,
  });

  const scrapeFile = config.SCRAPE_CONFIG_FILE ?? BUNDLED_SCRAPE_CONFIG;
  const targets = config.SCRAPE_ENABLED ? parseScrapeConfig(readFileSync(scrapeFile, 'utf8')) : [];
  const scraper = createTargetScraper({
    fetcher: new HttpScrapeFetcher(config.SCRAPE_MAX_BODY_BYTES),
    clock: systemClock,
    metrics,
    logger,
    ingest: async (samples) =>
      void (await ingestor.ingest(
        samples.map((sample, index) => ({ index, sample })),
        [],
        'scrape',
      )),
  });
  const scheduler = new ScrapeScheduler(targets, scraper);
  scheduler.start();
  logger.info({ targets: targets.length, file: config.SCRAPE_ENABLED ? scrapeFile : undefined }, 'scraping');

  const forwarder = config.FORWARD_ENABLED
    ? new BatchConsumer({
        kafka,
        groupId: config.FORWARD_GROUP_ID,
        topics: [config.SAMPLES_TOPIC],
        logger: logger.child({ component: 'forward-consumer' }),
        decode: decodeSampleBatch,
        handle: createPushForwarder({
          target: new PrometheusRemoteWriter(
            config.PROMETHEUS_REMOTE_WRITE_URL,
            config.PROMETHEUS_REMOTE_WRITE_TIMEOUT_MS,
          ),
          metrics,
          logger,
          retry: { retries: 4, minDelayMs: 200, maxDelayMs: 3000 },
        }),
        onCorrupt: () => metrics.corruptMessages.inc({ topic: config.SAMPLES_TOPIC }),
      })
    : undefined;
  await forwarder?.start();
  logger.info(
    {
      enabled: config.FORWARD_ENABLED,
      url: config.FORWARD_ENABLED ? redactUrl(config.PROMETHEUS_REMOTE_WRITE_URL) : undefined,
    },
    'push forwarding',
  );

  let shuttingDown = false;
  const app = createApp({
    registry,
    logger,
    metrics,
    ingestor,
    clock: systemClock,
    checks: [kafkaHealth],
    isShuttingDown: () => shuttingDown,
    version: VERSION,
    ingestAuth: requireAuth({ bearerToken: config.INGEST_TOKEN, realm: 'streamwatch-collector' }),
    maxBodyBytes: config.MAX_BODY_BYTES,
    maxDecodedBytes: config.MAX_DECODED_BYTES,
  });
  const server = await listen(app, config.PORT, config.HOST);
  logger.info({ host: config.HOST, port: config.PORT }, 'collector listening');

  const steps: ShutdownStep[] = [
    { name: 'http', run: () => closeServer(server) },
    { name: 'scrape', run: () => scheduler.stop() },
    { name: 'forward-consumer', run: async () => forwarder?.stop() },
    { name: 'kafka-producer', run: () => producer.disconnect() },
    { name: 'kafka-health', run: () => kafkaHealth.close() },
  ];
  onShutdownSignals({
    logger,
    deadlineMs: config.SHUTDOWN_DEADLINE_MS,
    onStart: () => (shuttingDown = true),
    steps,
  });
}

runMain('collector', main);
