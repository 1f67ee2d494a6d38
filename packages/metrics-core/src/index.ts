export {
  AppError,
  ValidationError,
  NotFoundError,
  ConfigError,
  DependencyError,
  OverloadedError,
  isRetriable,
} from './errors/errors';
export type { ErrorDetail } from './errors/errors';
export { errorMiddleware, statusFor } from './errors/error-middleware';

export type { Labels, Sample, SampleSource } from './sample/sample';
export { SAMPLE_SOURCES } from './sample/sample';
export { STALE_NAN, isStaleNaN, isStalePoint } from './sample/staleness';
export {
  seriesKey,
  seriesKeyOfSorted,
  seriesFingerprint,
  shardKey,
  sortedLabelPairs,
} from './sample/fingerprint';
export {
  validateSample,
  validateLabels,
  METRIC_NAME_RE,
  LABEL_NAME_RE,
  REJECTION_REASONS,
  DEFAULT_SAMPLE_LIMITS,
} from './sample/validation';
export type { RejectionReason, Rejection, SampleLimits } from './sample/validation';

export {
  encodeSampleBatch,
  decodeSampleBatch,
  batchToSamples,
  groupSeries,
  WIRE_VERSION,
} from './wire/sample-batch.codec';
export type { SampleBatch, SeriesPoints } from './wire/sample-batch.codec';
export { BatchSkeleton, encodeColumnBatch } from './wire/column-batch';
export type { ColumnSeries, PointColumns, SkeletonHolder } from './wire/column-batch';
export { WireString, WireStringPool, wireSeriesStrings } from './wire/wire-strings';
export { visitSampleBatch } from './wire/sample-batch.visitor';
export type { SampleBatchVisitor } from './wire/sample-batch.visitor';
export {
  readSinglePoints,
  SampleBatchLayout,
  sampleBatchLayout,
  visitSampleBatchPoints,
} from './wire/sample-batch.layout';
export type { SampleBatchPointVisitor } from './wire/sample-batch.layout';
export { WireFormatError } from './wire/wire-error';
export type { WireFormatProblem } from './wire/wire-error';

export { createKafka } from './kafka/kafka-client';
export type { KafkaClientOptions } from './kafka/kafka-client';
export { ensureTopics, TOPICS } from './kafka/topics';
export type { TopicSpec } from './kafka/topics';
export {
  SampleProducer,
  buildSampleMessages,
  chunkEndsBy,
  approxLabelBytes,
  BYTES_PER_POINT,
} from './kafka/sample-producer';
export type { SampleProducerOptions, Compression } from './kafka/sample-producer';
export { BatchConsumer, groupConsumer, reportCorrupt } from './kafka/batch-consumer';
export type { BatchConsumerOptions, MessageContext } from './kafka/batch-consumer';
export { corruptMessageCounter } from './kafka/consumer-metrics';

export { createRegistry } from './metrics/registry';
export { httpMetricsMiddleware, metricsHandler, routeLabel } from './metrics/http-metrics';

export { runHealthChecks } from './health/health';
export type { DependencyCheck, HealthReport, HealthStatus, CheckResult, ProbeOutcome } from './health/health';
export { createHealthRouter } from './health/health-router';
export type { HealthRouterOptions } from './health/health-router';
export { redisCheck, postgresCheck, kafkaCheck } from './health/dependency-checks';

export { loadConfig, resolveFileSecrets, env, commonEnv } from './config/load-config';
export type { Env } from './config/load-config';
export { createLogger, silentLogger, redactUrl } from './log/logger';
export type { LoggerOptions } from './log/logger';

export { requireAuth, secretsEqual } from './http/auth';
export type { AuthOptions } from './http/auth';
export { createServiceApp } from './http/service-app';
export type { ServiceAppOptions } from './http/service-app';

export { listen, closeServer } from './runtime/server';
export { runShutdown, onShutdownSignals } from './runtime/shutdown';
export type { ShutdownStep, ShutdownOptions } from './runtime/shutdown';
export { runMain } from './runtime/run-main';
export { retry, backoffDelay } from './runtime/retry';
export type { RetryOptions } from './runtime/retry';

export { loadMigrations, migrate } from './db/migrations';
export { createRedis } from './redis/redis-client';
export { parseDuration, formatDuration } from './time/duration';
export type { Migration, SqlClient, SqlPool } from './db/migrations';
