import { commonEnv, env, loadConfig, type Env } from '@streamwatch/metrics-core';
import { z } from 'zod';

export const configSchema = z.object({
  ...commonEnv,
  PORT: env.port(8080),
  KAFKA_BROKERS: env.list(),
  KAFKA_CLIENT_ID: z.string().default('streamwatch-collector'),
  SAMPLES_TOPIC: z.string().default('metrics.samples'),
  SAMPLES_TOPIC_PARTITIONS: env.int(6, 1),
  KAFKA_COMPRESSION: z.enum(['none', 'gzip']).default('none'),
});

export type CollectorConfig = z.infer<typeof configSchema>;

export function readConfig(source: Env): CollectorConfig {
  return loadConfig(configSchema, source);
}
