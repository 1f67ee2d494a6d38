import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  closeServer,
  createRedis,
  createRegistry,
  listen,
  loadMigrations,
  migrate,
  silentLogger,
} from '@streamwatch/metrics-core';
import { freePort, nativeEnv } from '@streamwatch/test-support';
import type Redis from 'ioredis';
import type { Pool } from 'pg';
import type { Registry } from 'prom-client';
import { NodeHttpClient } from '../adapters/node.http-client';
import { EscalationRepository } from '../adapters/escalation.repository';
import { PostgresHistoryStore } from '../adapters/history.repository';
import { DEFAULT_REMINDER_MIN_INTERVAL_MS, PostgresIntakeStore } from '../adapters/intake.repository';
import { LedgerRepository } from '../adapters/ledger.repository';
import { PostgresOutbox } from '../adapters/outbox.repository';
import { createPostgresPool, ensureSchema } from '../adapters/postgres';
import { ReceiptRepository } from '../adapters/receipt.repository';
import { loadReceivers } from '../adapters/receivers.file';
import { RedisRateLimiter } from '../adapters/redis.rate-limiter';
import { SmtpMailer } from '../adapters/smtp.mailer';
import { createApp } from '../app';
import type { Dispatcher } from '../delivery/dispatcher';
import { createIntake } from '../delivery/intake';
import { createDispatcher } from '../delivery/workers';
import type { Receivers } from '../domain/receivers';
import type { TemplateLinks } from '../domain/templates';
import { createNotifierMetrics, type NotifierMetrics } from '../metrics';

export const MIGRATIONS_DIR = join(__dirname, '..', '..', 'migrations');

/** A fresh PostgreSQL schema with the notifier's migrations; dropped by `drop()`. */
export async function privateSchema(): Promise<{
  pool: Pool;
  schema: string;
  url: string;
  drop: () => Promise<void>;
}> {
  const url = nativeEnv().DATABASE_URL as string;
  const schema = `notifier_t_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  const pool = createPostgresPool(url, silentLogger(), { schema, max: 8 });
  await ensureSchema(pool, schema);
  await migrate(pool, loadMigrations(MIGRATIONS_DIR), 'schema_migrations');
  return {
    pool,
    schema,
    url,
    drop: async () => {
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
      await pool.end();
    },
  };
}

export function writeReceivers(yaml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'notifier-')), 'receivers.yml');
  writeFileSync(file, yaml);
  return file;
}

export interface TestNotifier {
  url: string;
  pool: Pool;
  redis: Redis;
  registry: Registry;
  metrics: NotifierMetrics;
  receivers: Receivers;
  dispatcher: Dispatcher;
  escalations: EscalationRepository;
  receipts: ReceiptRepository;
  stop: () => Promise<void>;
}

export interface TestNotifierOptions {
  receiversYaml: string;
  env?: Record<string, string>;
  pool: Pool;
  webhookToken?: string;
  apiToken?: string;
  smtpUrl?: string;
  links?: TemplateLinks;
  ackSecret?: string;
  maxAttempts?: number;
  /** REMINDER_MIN_INTERVAL_MS; the production default when unset. */
  reminderMinIntervalMs?: number;
}

/** The notifier composed in-process like main.ts, against the real PostgreSQL and Redis. */
export async function startTestNotifier(o: TestNotifierOptions): Promise<TestNotifier> {
  const logger = silentLogger();
  const registry = createRegistry('notifier-int', { defaultMetrics: false });
  const metrics = createNotifierMetrics(registry);
  const receivers = loadReceivers(writeReceivers(o.receiversYaml), o.env ?? {}, 2000);
  const redis = createRedis(nativeEnv().REDIS_URL as string, logger);
  await redis.connect();
  const clock = { now: () => Date.now() };
  const mailer = o.smtpUrl
    ? new SmtpMailer(o.smtpUrl, { timeoutMs: 2000, tlsRejectUnauthorized: false })
    : undefined;
  const dispatcher = createDispatcher({
    receivers,
    outbox: new PostgresOutbox(o.pool),
    limiter: new RedisRateLimiter(redis, `streamwatch:notifier-test:${Date.now()}:${Math.random()}`),
    http: new NodeHttpClient(),
    mailer,
    clock,
    smtpFrom: 'Streamwatch <alerts@streamwatch.test>',
    policy: { maxAttempts: o.maxAttempts ?? 5, maxAgeMs: 600_000, minDelayMs: 50, maxDelayMs: 200 },
    leaseMs: 5000,
    pollMs: 100,
    links: o.links ?? {},
    metrics,
    logger,
  });
  const wake = (keys: string[]) => dispatcher.wake(keys);
  const escalations = new EscalationRepository(o.pool);
  const history = new PostgresHistoryStore(o.pool);
  const app = createApp({
    registry,
    logger,
    checks: [],
    isShuttingDown: () => false,
    version: 'test',
    webhookAuth: { bearerToken: o.webhookToken },
    apiAuth: { bearerToken: o.apiToken },
    accept: createIntake({
      receivers,
      store: new PostgresIntakeStore(o.pool, {
        reminderMinIntervalMs: o.reminderMinIntervalMs ?? DEFAULT_REMINDER_MIN_INTERVAL_MS,
      }),
      clock,
      metrics,
      wake,
    }),
    ledger: new LedgerRepository(o.pool),
    history: (q) => history.query(q),
    ack: (fp, by) => escalations.ack(fp, by),
    escalations: (f) => escalations.list(f),
    escalationPolicies: receivers.escalations,
    ackSecret: o.ackSecret,
    clock,
    wake,
  });
  const port = await freePort();
  const server: Server = await listen(app, port, '127.0.0.1');
  dispatcher.start();
  return {
    url: `http://127.0.0.1:${port}`,
    pool: o.pool,
    redis,
    registry,
    metrics,
    receivers,
    dispatcher,
    escalations,
    receipts: new ReceiptRepository(o.pool),
    stop: async () => {
      await closeServer(server);
      await dispatcher.stop();
      mailer?.close();
      await redis.quit();
    },
  };
}
