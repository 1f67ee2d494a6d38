import { commonEnv, env, loadConfig, type Env } from '@streamwatch/metrics-core';
import { z } from 'zod';

export const configSchema = z.object({
  ...commonEnv,
  PORT: env.port(8082),
  KAFKA_BROKERS: env.list(),
  KAFKA_CLIENT_ID: z.string().default('streamwatch-notifier'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL'),
  ALERTS_TOPIC: z.string().default('alerts'),
  ALERTS_TOPIC_PARTITIONS: env.int(3, 1),
});

export type Config = z.infer<typeof configSchema>;

export function readConfig(source: Env): Config {
  return loadConfig(configSchema, source);
}
