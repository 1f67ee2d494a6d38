import { join } from 'node:path';
import {
  closeServer,
  ConfigError,
  createKafka,
  createLogger,
  createRedis,
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
  type ShutdownStep,
} from '@streamwatch/metrics-core';
import { AlertmanagerClient } from './adapters/alertmanager.client';
import { NodeHttpClient } from './adapters/node.http-client';
import { EscalationRepository } from './adapters/escalation.repository';
import { PostgresHistoryStore } from './adapters/history.repository';
import { PostgresIntakeStore } from './adapters/intake.repository';
import { createAlertSource } from './adapters/kafka.alert-source';
import { LedgerRepository } from './adapters/ledger.repository';
import { PostgresOutbox } from './adapters/outbox.repository';
import { createPostgresPool, ensureSchema } from './adapters/postgres';
import { ReceiptRepository } from './adapters/receipt.repository';
import { loadReceivers } from './adapters/receivers.file';
import { RedisRateLimiter } from './adapters/redis.rate-limiter';
import { SmtpMailer } from './adapters/smtp.mailer';
import { createApp } from './app';
import { readConfig, type Config } from './config';
import { createEscalationRunner } from './delivery/escalation-runner';
import { createHistoryIngest } from './delivery/history-ingest';
import { createIntake } from './delivery/intake';
import { createResolvedGuarantee } from './delivery/resolved-guarantee';
import { startTicker } from './delivery/ticker';
import { createDispatcher } from './delivery/workers';
import { signAck } from './domain/signing';
import type { TemplateLinks } from './domain/templates';
import { createNotifierMetrics } from './metrics';
import type { Clock } from './ports';

const VERSION = process.env.npm_package_version ?? '0.1.0';
const MIGRATIONS_DIR = join(__dirname, '..', 'migrations');
const clock: Clock = { now: () => Date.now() };

function templateLinks(config: Config): TemplateLinks {
  const { ACK_SECRET: secret, PUBLIC_URL: base } = config;
  return {
    grafanaUrl: config.GRAFANA_URL,
    ackLink:
      secret && base
        ? (alert) => {
            const exp = Math.floor((clock.now() + config.ACK_LINK_TTL_MS) / 1000);
            const q = new URLSearchParams({
              fp: alert.fingerprint,
              exp: String(exp),
              sig: signAck(secret, alert.fingerprint, exp),
            });
            return `${base.replace(/\/$/, '')}/api/v1/ack?${q.toString()}`;
          }
        : undefined,
  };
}

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const receivers = loadReceivers(config.RECEIVERS_FILE, process.env, config.DELIVERY_TIMEOUT_MS);
  const slow = receivers.channels
    .filter((c) => c.timeoutMs + 500 >= config.DELIVERY_LEASE_MS)
    .map((c) => c.key);
  if (slow.length > 0)
    throw new ConfigError(
      `invalid configuration: channel timeout must be below DELIVERY_LEASE_MS - 500 for: ${slow.join(', ')}`,
    );
  const logger = createLogger({ service: 'notifier', level: config.LOG_LEVEL });
  const registry = createRegistry('notifier');
  const metrics = createNotifierMetrics(registry);
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger });
  const pool = createPostgresPool(config.DATABASE_URL, logger, {
    schema: config.DATABASE_SCHEMA,
    max: config.DATABASE_POOL_MAX,
  });
  const redis = createRedis(config.REDIS_URL, logger);
  await redis.connect();
  await ensureSchema(pool, config.DATABASE_SCHEMA);
  const applied = await migrate(pool, loadMigrations(MIGRATIONS_DIR), 'schema_migrations');
  logger.info({ applied, schema: config.DATABASE_SCHEMA }, 'migrations done');
  await ensureTopics(kafka, [{ topic: config.ALERTS_TOPIC, numPartitions: config.ALERTS_TOPIC_PARTITIONS }]);
  const kafkaHealth = kafkaCheck(kafka);

  const outbox = new PostgresOutbox(pool);
  const mailer = config.SMTP_URL
    ? new SmtpMailer(config.SMTP_URL, {
        timeoutMs: config.DELIVERY_TIMEOUT_MS,
        tlsRejectUnauthorized: config.SMTP_TLS_REJECT_UNAUTHORIZED,
      })
    : undefined;
  const dispatcher = createDispatcher({
    receivers,
    outbox,
    limiter: new RedisRateLimiter(redis),
    http: new NodeHttpClient(),
    mailer,
    clock,
    smtpFrom: config.SMTP_FROM,
    policy: {
      maxAttempts: config.DELIVERY_MAX_ATTEMPTS,
      maxAgeMs: config.DELIVERY_MAX_AGE_MS,
      minDelayMs: config.DELIVERY_BACKOFF_MIN_MS,
      maxDelayMs: config.DELIVERY_BACKOFF_MAX_MS,
    },
    leaseMs: config.DELIVERY_LEASE_MS,
    pollMs: config.DELIVERY_POLL_MS,
    links: templateLinks(config),
    metrics,
    logger,
  });
  const wake = (keys: string[]): void => dispatcher.wake(keys);
  const escalations = new EscalationRepository(pool);
  const receipts = new ReceiptRepository(pool);
  const history = new PostgresHistoryStore(pool);
  const accept = createIntake({
    receivers,
    store: new PostgresIntakeStore(pool, { reminderMinIntervalMs: config.REMINDER_MIN_INTERVAL_MS }),
    clock,
    metrics,
    wake,
    groupCommit: { maxGroup: config.INTAKE_GROUP_MAX, maxInFlight: config.INTAKE_COMMITS_IN_FLIGHT },
  });

  const tickers = [
    startTicker(
      'escalation',
      config.ESCALATION_INTERVAL_MS,
      createEscalationRunner({ repo: escalations, receivers, metrics, wake }),
      logger,
    ),
    startTicker(
      'stats',
      config.STATS_INTERVAL_MS,
      async () => {
        const s = await outbox.stats();
        metrics.outboxDepth.set(s.pending);
        metrics.deadLetters.set(s.dead);
      },
      logger,
    ),
  ];
  if (config.ALERTMANAGER_URL) {
    const am = new AlertmanagerClient(config.ALERTMANAGER_URL);
    const run = createResolvedGuarantee({
      receipts,
      activeFingerprints: () => am.activeFingerprints(),
      receivers,
      clock,
      graceMs: config.RESOLVED_GRACE_MS,
      metrics,
      wake,
    });
    tickers.push(startTicker('resolved-guarantee', config.RESOLVED_CHECK_INTERVAL_MS, run, logger));
  }
  const alertSource = config.ALERT_HISTORY_ENABLED
    ? createAlertSource({
        kafka,
        topic: config.ALERTS_TOPIC,
        groupId: config.KAFKA_GROUP_ID,
        logger,
        handle: createHistoryIngest({
          store: history,
          metrics,
          onResolved: (fp, endedAt) => receipts.setEnded(fp, endedAt),
        }),
        onCorrupt: (ctx) => metrics.corruptMessages.inc({ topic: ctx.topic }),
      })
    : undefined;

  let shuttingDown = false;
  const checks = [kafkaHealth, redisCheck(redis), postgresCheck(pool)];
  const app = createApp({
    registry,
    logger,
    checks,
    isShuttingDown: () => shuttingDown,
    version: VERSION,
    webhookAuth: {
      bearerToken: config.WEBHOOK_BEARER_TOKEN,
      basic:
        config.WEBHOOK_BASIC_USER && config.WEBHOOK_BASIC_PASSWORD
          ? { username: config.WEBHOOK_BASIC_USER, password: config.WEBHOOK_BASIC_PASSWORD }
          : undefined,
    },
    apiAuth: { bearerToken: config.API_TOKEN },
    accept,
    ledger: new LedgerRepository(pool),
    history: (q) => history.query(q),
    ack: (fp, by) => escalations.ack(fp, by),
    escalations: (f) => escalations.list(f),
    escalationPolicies: receivers.escalations,
    ackSecret: config.ACK_SECRET,
    clock,
    wake,
  });
  dispatcher.start();
  await alertSource?.start();
  const server = await listen(app, config.PORT, config.HOST);
  logger.info(
    { host: config.HOST, port: config.PORT, channels: receivers.channels.length },
    'notifier listening',
  );

  const steps: ShutdownStep[] = [
    { name: 'http', run: () => closeServer(server) },
    { name: 'alert-source', run: async () => void (await alertSource?.stop()) },
    { name: 'tickers', run: async () => void (await Promise.all(tickers.map((t) => t.stop()))) },
    { name: 'dispatcher', run: () => dispatcher.stop() },
    { name: 'smtp', run: async () => mailer?.close() },
    { name: 'kafka-health', run: () => kafkaHealth.close() },
    { name: 'redis', run: async () => void (await redis.quit()) },
    { name: 'postgres', run: () => pool.end() },
  ];
  onShutdownSignals({
    logger,
    deadlineMs: config.SHUTDOWN_DEADLINE_MS,
    onStart: () => (shuttingDown = true),
    steps,
  });
}

runMain('notifier', main);
