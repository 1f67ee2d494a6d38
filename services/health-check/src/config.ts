import { commonEnv, env, loadConfig, type Env } from '@streamwatch/metrics-core';
import { z } from 'zod';

export const configSchema = z.object({
  ...commonEnv,
  PORT: env.port(8083),
  KAFKA_BROKERS: env.list(),
  KAFKA_CLIENT_ID: z.string().default('streamwatch-health-check'),
  SAMPLES_TOPIC: z.string().default('metrics.samples'),
  SAMPLES_TOPIC_PARTITIONS: env.int(6, 1),
  /** YAML file of targets; relative paths resolve against the working directory. */
  TARGETS_FILE: z.string().min(1).optional(),
  PROBE_CONCURRENCY: env.int(64, 1),
  HISTORY_SIZE: z.coerce.number().int().min(1).max(1000).default(30),
  PUBLISH_SAMPLES: env.bool(true),
  PUBLISH_FLUSH_MS: env.int(1000, 50),
  PUBLISH_BUFFER_SAMPLES: env.int(100_000, 100),
  STATUS_PAGE_REFRESH_SECONDS: env.int(10, 1),
});

export type HealthCheckConfig = z.infer<typeof configSchema>;

export function readConfig(source: Env): HealthCheckConfig {
  return loadConfig(configSchema, source);
}
