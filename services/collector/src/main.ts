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
} from '@streamwatch/metrics-core';
import { createApp } from './app';
import { readConfig } from './config';

const VERSION = process.env.npm_package_version ?? '0.1.0';

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const logger = createLogger({ service: 'collector', level: config.LOG_LEVEL });
  const registry = createRegistry('collector');
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger });
  await ensureTopics(kafka, [{ topic: config.SAMPLES_TOPIC, numPartitions: config.SAMPLES_TOPIC_PARTITIONS }]);
  const producer = new SampleProducer(kafka, { topic: config.SAMPLES_TOPIC, compression: config.KAFKA_COMPRESSION });
  await producer.connect();
  const kafkaHealth = kafkaCheck(kafka);

  let shuttingDown = false;
  const app = createApp({ registry, logger, checks: [kafkaHealth], isShuttingDown: () => shuttingDown, version: VERSION });
  const server = await listen(app, config.PORT, config.HOST);
  logger.info({ host: config.HOST, port: config.PORT }, 'collector listening');

  onShutdownSignals({
    logger,
    deadlineMs: config.SHUTDOWN_DEADLINE_MS,
    onStart: () => (shuttingDown = true),
    steps: [
      { name: 'http', run: () => closeServer(server) },
      { name: 'kafka-producer', run: () => producer.disconnect() },
      { name: 'kafka-health', run: () => kafkaHealth.close() },
    ],
  });
}

runMain('collector', main);
