import { commonEnv, env, loadConfig, type Env } from '@streamwatch/metrics-core';
import { z } from 'zod';

export const configSchema = z.object({
  ...commonEnv,
  PORT: env.port(8083),
  KAFKA_BROKERS: env.list(),
  KAFKA_CLIENT_ID: z.string().default('streamwatch-health-check'),
  SAMPLES_TOPIC: z.string().default('metrics.samples'),
  SAMPLES_TOPIC_PARTITIONS: env.int(6, 1),
});

export type HealthCheckConfig = z.infer<typeof configSchema>;

export function readConfig(source: Env): HealthCheckConfig {
  return loadConfig(configSchema, source);
}
