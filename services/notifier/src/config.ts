import { commonEnv, env, loadConfig, type Env } from '@streamwatch/metrics-core';
import { z } from 'zod';

const optionalSecret = z.string().min(1).optional();

export const configSchema = z
  .object({
    ...commonEnv,
    PORT: env.port(8082),
    KAFKA_BROKERS: env.list(),
    KAFKA_CLIENT_ID: z.string().default('streamwatch-notifier'),
    KAFKA_GROUP_ID: z.string().default('streamwatch-notifier-history'),
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
    DATABASE_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case SQL identifier')
      .default('notifier'),
    DATABASE_POOL_MAX: env.int(10, 2),
    REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL'),
    ALERTS_TOPIC: z.string().default('alerts'),
    ALERTS_TOPIC_PARTITIONS: env.int(3, 1),
    ALERT_HISTORY_ENABLED: env.bool(true),
    RECEIVERS_FILE: z.string().min(1),
    WEBHOOK_BEARER_TOKEN: optionalSecret,
    WEBHOOK_BASIC_USER: optionalSecret,
    WEBHOOK_BASIC_PASSWORD: optionalSecret,
    API_TOKEN: env.token(),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
      .optional(),
    SMTP_FROM: z.string().default('Streamwatch <alerts@streamwatch.local>'),
    SMTP_TLS_REJECT_UNAUTHORIZED: env.bool(true),
    DELIVERY_TIMEOUT_MS: env.int(10_000, 100),
    DELIVERY_LEASE_MS: env.int(60_000, 1000),
    DELIVERY_POLL_MS: env.int(500, 10),
    DELIVERY_MAX_ATTEMPTS: env.int(10, 1),
    DELIVERY_MAX_AGE_MS: env.int(86_400_000, 1000),
    DELIVERY_BACKOFF_MIN_MS: env.int(1000, 1),
    DELIVERY_BACKOFF_MAX_MS: env.int(300_000, 1),
    GRAFANA_URL: z.url().optional(),
    PUBLIC_URL: z.url().optional(),
    ACK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    ACK_LINK_TTL_MS: env.int(86_400_000, 1000),
    ESCALATION_INTERVAL_MS: env.int(10_000, 100),
    ALERTMANAGER_URL: z.url().optional(),
    RESOLVED_CHECK_INTERVAL_MS: env.int(60_000, 100),
    RESOLVED_GRACE_MS: env.int(600_000, 0),
    STATS_INTERVAL_MS: env.int(5000, 100),
    INTAKE_GROUP_MAX: env.int(100, 1),
    INTAKE_COMMITS_IN_FLIGHT: env.int(2, 1),
    REMINDER_MIN_INTERVAL_MS: env.int(60_000, 1000),
  })
  .superRefine((c, ctx) => {
    if (!c.WEBHOOK_BEARER_TOKEN && !c.WEBHOOK_BASIC_USER)
      ctx.addIssue({
        code: 'custom',
        path: ['WEBHOOK_BEARER_TOKEN'],
        message:
          'required (or WEBHOOK_BASIC_USER and WEBHOOK_BASIC_PASSWORD): the webhook receiver never runs open',
      });
    if (c.WEBHOOK_BEARER_TOKEN && c.WEBHOOK_BEARER_TOKEN.length < 16)
      ctx.addIssue({
        code: 'custom',
        path: ['WEBHOOK_BEARER_TOKEN'],
        message: 'must be at least 16 characters',
      });
    if (Boolean(c.WEBHOOK_BASIC_USER) !== Boolean(c.WEBHOOK_BASIC_PASSWORD))
      ctx.addIssue({
        code: 'custom',
        path: ['WEBHOOK_BASIC_PASSWORD'],
        message: 'set both WEBHOOK_BASIC_USER and WEBHOOK_BASIC_PASSWORD, or neither',
      });
    if (c.DELIVERY_LEASE_MS <= c.DELIVERY_TIMEOUT_MS + 500)
      ctx.addIssue({
        code: 'custom',
        path: ['DELIVERY_LEASE_MS'],
        message: 'must exceed DELIVERY_TIMEOUT_MS by more than 500 ms',
      });
    if (c.DELIVERY_BACKOFF_MAX_MS < c.DELIVERY_BACKOFF_MIN_MS)
      ctx.addIssue({
        code: 'custom',
        path: ['DELIVERY_BACKOFF_MAX_MS'],
        message: 'must be >= DELIVERY_BACKOFF_MIN_MS',
      });
    if (c.ACK_SECRET && !c.PUBLIC_URL)
      ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'required when ACK_SECRET is set' });
  });

export type Config = z.infer<typeof configSchema>;

export function readConfig(source: Env): Config {
  return loadConfig(configSchema, source);
}
