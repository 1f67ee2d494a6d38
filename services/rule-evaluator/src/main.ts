import { join } from 'node:path';
import {
  closeServer,
  createKafka,
  createLogger,
  createRegistry,
  ensureTopics,
  kafkaCheck,
  listen,
  loadMigrations,
  migrate,
  onShutdownSignals,
  postgresCheck,
  redisCheck,
  runMain,
} from '@streamwatch/metrics-core';
import { createPostgresPool } from './adapters/postgres';
import { createRedis } from './adapters/redis';
import { createApp } from './app';
import { readConfig } from './config';

const VERSION = process.env.npm_package_version ?? '0.1.0';
const MIGRATIONS_DIR = join(__dirname, '..', 'migrations');

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const logger = createLogger({ service: 'rule-evaluator', level: config.LOG_LEVEL });
  const registry = createRegistry('rule-evaluator');
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger });
  const pool = createPostgresPool(config.DATABASE_URL, logger);
  const redis = createRedis(config.REDIS_URL, logger);
  await redis.connect();
  const applied = await migrate(pool, loadMigrations(MIGRATIONS_DIR));
  logger.info({ applied }, 'migrations done');
  await ensureTopics(kafka, [{ topic: config.ALERTS_TOPIC, numPartitions: config.ALERTS_TOPIC_PARTITIONS }]);
  const kafkaHealth = kafkaCheck(kafka);

  let shuttingDown = false;
  const checks = [kafkaHealth, redisCheck(redis), postgresCheck(pool)];
  const app = createApp({ registry, logger, checks, isShuttingDown: () => shuttingDown, version: VERSION });
  const server = await listen(app, config.PORT, config.HOST);
  logger.info({ host: config.HOST, port: config.PORT }, 'rule-evaluator listening');

  onShutdownSignals({
    logger,
    deadlineMs: config.SHUTDOWN_DEADLINE_MS,
    onStart: () => (shuttingDown = true),
    steps: [
      { name: 'http', run: () => closeServer(server) },
      { name: 'kafka-health', run: () => kafkaHealth.close() },
      { name: 'redis', run: async () => void (await redis.quit()) },
      { name: 'postgres', run: () => pool.end() },
    ],
  });
}

runMain('rule-evaluator', main);
