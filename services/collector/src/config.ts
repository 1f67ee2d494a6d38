import { commonEnv, env, loadConfig, type Env } from '@streamwatch/metrics-core';
import { z } from 'zod';

export const configSchema = z
  .object({
    ...commonEnv,
    PORT: env.port(8080),
    KAFKA_BROKERS: env.list(),
    KAFKA_CLIENT_ID: z.string().default('streamwatch-collector'),
    SAMPLES_TOPIC: z.string().default('metrics.samples'),
    SAMPLES_TOPIC_PARTITIONS: env.int(6, 1),
    KAFKA_COMPRESSION: z.enum(['none', 'gzip']).default('none'),
    KAFKA_PRODUCE_TIMEOUT_MS: env.int(5_000, 100),
    // requests arriving while this many sends are in flight share the next send (up to SEND_MAX_BYTES)
    KAFKA_MAX_IN_FLIGHT_SENDS: env.int(1, 1),
    KAFKA_SEND_MAX_BYTES: env.int(1_000_000, 1024),
    KAFKA_REQUEST_TIMEOUT_MS: env.int(4_000, 100),
    KAFKA_CONNECTION_TIMEOUT_MS: env.int(1_000, 100),
    INGEST_TOKEN: env.token(),
    MAX_BODY_BYTES: env.int(4 * 1024 * 1024, 1024),
    MAX_DECODED_BYTES: env.int(32 * 1024 * 1024, 1024),
    MAX_SAMPLES_PER_REQUEST: env.int(50_000, 1),
    MAX_LABELS_PER_SERIES: env.int(30, 1),
    MAX_LABEL_NAME_LENGTH: env.int(128, 1),
    MAX_LABEL_VALUE_LENGTH: env.int(1024, 1),
    MAX_SERIES_PER_METRIC: env.int(10_000, 1),
    SERIES_IDLE_TTL_MS: env.int(3_600_000, 1_000),
    MAX_SAMPLE_AGE_MS: env.int(3_600_000, 1_000),
    // a clock skew is well under a minute; a sample further ahead has a wrong clock or timestamp unit
    MAX_SAMPLE_FUTURE_MS: env.int(60_000, 0),
    BUFFER_CAPACITY_SAMPLES: env.int(200_000, 1),
    RETRY_AFTER_SECONDS: env.int(2, 1),
    SCRAPE_ENABLED: env.bool(true),
    SCRAPE_CONFIG_FILE: z.string().min(1).optional(),
    SCRAPE_MAX_BODY_BYTES: env.int(16 * 1024 * 1024, 1024),
    FORWARD_ENABLED: env.bool(true),
    FORWARD_GROUP_ID: z.string().default('streamwatch-collector-forwarder'),
    PROMETHEUS_REMOTE_WRITE_URL: z.url().default('http://prometheus:9090/api/v1/write'),
    PROMETHEUS_REMOTE_WRITE_TIMEOUT_MS: env.int(5_000, 100),
  })
  .superRefine((c, ctx) => {
    if (c.MAX_SAMPLES_PER_REQUEST > c.BUFFER_CAPACITY_SAMPLES)
      ctx.addIssue({
        code: 'custom',
        path: ['MAX_SAMPLES_PER_REQUEST'],
        message: 'must not exceed BUFFER_CAPACITY_SAMPLES, or such requests could never be accepted',
      });
  });

export type CollectorConfig = z.infer<typeof configSchema>;

export function readConfig(source: Env): CollectorConfig {
  return loadConfig(configSchema, source);
}
