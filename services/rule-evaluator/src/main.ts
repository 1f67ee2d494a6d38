import { join } from 'node:path';
import {
  closeServer,
  corruptMessageCounter,
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
  SampleProducer,
} from '@streamwatch/metrics-core';
import { AlertmanagerClient } from './adapters/alertmanager.client';
import { FileRuleSource } from './adapters/file.rule-source';
import { KafkaAlertPublisher } from './adapters/kafka.alert-publisher';
import { KafkaRecordingPublisher } from './adapters/kafka.recording-publisher';
import { KafkaSampleSource } from './adapters/kafka.sample-source';
import { ThreadedSampleSource } from './adapters/kafka.threaded-sample-source';
import { createPostgresPool, MIGRATIONS_TABLE } from './adapters/postgres';
import { PostgresRuleRepository } from './adapters/postgres.rule-repository';
import { RedisHistoryStore } from './adapters/redis.history-store';
import { RedisAlertStateStore } from './adapters/redis.state-store';
import { createApp } from './app';
import { readConfig } from './config';
import { anomalyExprsOf, HistorySync } from './domain/anomaly/history-sync';
import { createEvaluatorMetrics, type SkipReason } from './metrics';
import { EvaluationRuntime } from './streaming/evaluation-runtime';
import { createRuleCompiler } from './streaming/rule-compiler';
import { RuleLoader } from './streaming/rule-loader';
import { SerialRunner } from './streaming/serial-runner';

const VERSION = process.env.npm_package_version ?? '0.1.0';
const MIGRATIONS_DIR = join(__dirname, '..', 'migrations');

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const logger = createLogger({ service: 'rule-evaluator', level: config.LOG_LEVEL });
  const registry = createRegistry('rule-evaluator');
  const metrics = createEvaluatorMetrics(registry);
  const clock = { now: () => Date.now() };
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger });
  const pool = createPostgresPool(config.DATABASE_URL, logger);
  const redis = createRedis(config.REDIS_URL, logger);
  await redis.connect();
  const applied = await migrate(pool, loadMigrations(MIGRATIONS_DIR), MIGRATIONS_TABLE);
  logger.info({ applied }, 'migrations done');
  await ensureTopics(kafka, [{ topic: config.ALERTS_TOPIC, numPartitions: config.ALERTS_TOPIC_PARTITIONS }]);

  const samplesOut = new SampleProducer(kafka, { topic: config.SAMPLES_TOPIC });
  const alertsOut = new KafkaAlertPublisher(kafka, config.ALERTS_TOPIC);
  await Promise.all([samplesOut.connect(), alertsOut.connect()]);
  const state = new RedisAlertStateStore(redis, config.STATE_KEY);
  const generatorURL = (ruleId: string) =>
    `${config.EXTERNAL_URL.replace(/\/+$/, '')}/api/v1/rules#${encodeURIComponent(ruleId)}`;
  // bound once the sample source exists: until then every partition counts as replaying
  let replaying: () => boolean = () => true;
  const runtime = new EvaluationRuntime({
    clock,
    replaying: () => replaying(),
    logger,
    metrics,
    sink: new AlertmanagerClient({
      urls: config.ALERTMANAGER_URLS,
      timeoutMs: config.ALERTMANAGER_TIMEOUT_MS,
      logger,
    }),
    transitions: alertsOut,
    recordings: new KafkaRecordingPublisher(samplesOut),
    state,
    allowedLatenessMs: config.ALLOWED_LATENESS_MS,
    resendDelayMs: config.ALERT_RESEND_DELAY_MS,
    generatorURL,
    externalLabels: config.EXTERNAL_LABELS,
    coalesce: { maxSamples: config.COALESCE_MAX_SAMPLES, maxDelayMs: config.COALESCE_MAX_DELAY_MS },
  });
  const serial = new SerialRunner();
  const repository = new PostgresRuleRepository(pool);
  const compiler = createRuleCompiler({
    defaultIntervalMs: config.DEFAULT_EVALUATION_INTERVAL_MS,
    externalURL: config.EXTERNAL_URL,
    externalLabels: config.EXTERNAL_LABELS,
  });
  const loader = new RuleLoader({
    files: config.RULE_FILES.length > 0 ? new FileRuleSource(config.RULE_FILES) : undefined,
    repository,
    compiler,
    logger,
    metrics,
    apply: (rules) => runtime.replaceRules(rules),
  });
  await loader.poll(true);
  const restored = runtime.restore(await state.loadAll());
  logger.info({ rules: runtime.loadedRules.length, restored }, 'rules loaded and alert state restored');
  const history = new HistorySync({
    store: new RedisHistoryStore(redis, config.HISTORY_KEY_PREFIX, config.HISTORY_RETENTION_MS),
    retentionMs: config.HISTORY_RETENTION_MS,
    now: clock.now,
    onError: (op, err) =>
      logger
        .child({ component: 'seasonal-history' })
        .warn({ op, err: (err as Error).message }, 'seasonal history sync failed'),
  });
  const syncHistory = () => history.sync(anomalyExprsOf(runtime.loadedRules));
  logger.info(await syncHistory(), 'seasonal history restored');

  let failed = false;
  const consuming = {
    topic: config.SAMPLES_TOPIC,
    groupId: config.CONSUMER_GROUP,
    logger,
    rebuildWindowMs: () => config.REBUILD_WINDOW_MS ?? runtime.store.retentionMs,
    handleMessage: (message: Buffer, replay: boolean, key: string | null) =>
      serial.run(() => runtime.handleMessage(message, replay, key)),
    // the threaded source commits a batch only once this settled: its alert state is saved by then
    onFetchEnd: () =>
      serial.run(() => runtime.endOfFetch()).catch((err) => logger.error({ err }, 'evaluation failed')),
    onCorrupt: corruptMessageCounter(registry),
    onSkipped: () => metrics.messagesSkipped.inc({ reason: 'apply_failed' satisfies SkipReason }),
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    onLag: (partition: number, lag: number) => metrics.consumerLag.set({ partition: String(partition) }, lag),
  };
  const source = config.SAMPLE_READER_THREAD
    ? new ThreadedSampleSource({
        ...consuming,
        brokers: config.KAFKA_BROKERS,
        clientId: config.KAFKA_CLIENT_ID,
        logLevel: config.LOG_LEVEL,
        onFailure: (err) => {
          logger.fatal({ err }, 'sample reader failed; shutting down');
          failed = true;
          process.kill(process.pid, 'SIGTERM');
        },
      })
    : new KafkaSampleSource({
        ...consuming,
        kafka,
        now: clock.now,
        handle: (batch, replay) => serial.run(() => runtime.handleBatch(batch, replay)),
      });
  replaying = () => source.isReplaying();
  await source.start();
  const tick = setInterval(() => {
    if (!source.isReplaying())
      void serial.run(() => runtime.tick()).catch((err) => logger.error({ err }, 'tick failed'));
  }, config.TICK_INTERVAL_MS);
  const reload = setInterval(() => {
    void serial
      .run(() => loader.poll())
      .catch((err) => logger.warn({ err: (err as Error).message }, 'rule reload failed'));
  }, config.RULE_POLL_INTERVAL_MS);
  const coalesce = setInterval(
    () =>
      void serial.run(() => runtime.evaluateDue()).catch((err) => logger.error({ err }, 'evaluation failed')),
    Math.max(5, config.COALESCE_MAX_DELAY_MS),
  );
  const collect = setInterval(() => void serial.run(async () => runtime.scheduler.collect()), 60_000);
  const historyTick = setInterval(() => void syncHistory(), config.HISTORY_SYNC_INTERVAL_MS);

  const kafkaHealth = kafkaCheck(kafka);
  let shuttingDown = false;
  const app = createApp({
    registry,
    logger,
    checks: [kafkaHealth, redisCheck(redis), postgresCheck(pool)],
    isShuttingDown: () => shuttingDown,
    version: VERSION,
    rules: () => runtime.loadedRules,
    repository,
    compiler,
    apiToken: config.RULES_API_TOKEN,
    rulesChanged: () => serial.run(() => loader.poll()),
  });
  const server = await listen(app, config.PORT, config.HOST);
  logger.info({ host: config.HOST, port: config.PORT }, 'rule-evaluator listening');

  onShutdownSignals({
    logger,
    deadlineMs: config.SHUTDOWN_DEADLINE_MS,
    exit: (code) => process.exit(failed ? 1 : code),
    onStart: () => {
      shuttingDown = true;
      clearInterval(tick);
      clearInterval(reload);
      clearInterval(collect);
      clearInterval(coalesce);
      clearInterval(historyTick);
    },
    steps: [
      { name: 'http', run: () => closeServer(server) },
      { name: 'consumer', run: () => source.stop() },
      { name: 'flush', run: () => serial.run(() => runtime.flush()) },
      { name: 'seasonal-history', run: async () => void (await syncHistory()) },
      {
        name: 'producers',
        run: async () => void (await Promise.all([samplesOut.disconnect(), alertsOut.disconnect()])),
      },
      { name: 'kafka-health', run: () => kafkaHealth.close() },
      { name: 'redis', run: async () => void (await redis.quit()) },
      { name: 'postgres', run: () => pool.end() },
    ],
  });
}

runMain('rule-evaluator', main);
