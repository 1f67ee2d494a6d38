import { commonEnv, env, loadConfig, type Env } from '@streamwatch/metrics-core';
import { z } from 'zod';
import { parseExternalLabels } from './domain/rules/external-labels';

const optionalList = () =>
  z
    .string()
    .optional()
    .transform((s) =>
      (s ?? '')
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    );

export const configSchema = z.object({
  ...commonEnv,
  PORT: env.port(8081),
  KAFKA_BROKERS: env.list(),
  KAFKA_CLIENT_ID: z.string().default('streamwatch-rule-evaluator'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL'),
  SAMPLES_TOPIC: z.string().min(1).default('metrics.samples'),
  CONSUMER_GROUP: z.string().min(1).default('rule-evaluator'),
  /**
   * Consumer group session timeout: a killed instance's partitions wait this long for a new owner (the broker
   * accepts 6 s to 30 min by default).
   */
  KAFKA_SESSION_TIMEOUT_MS: env.int(10_000, 1000),
  ALERTS_TOPIC: z.string().default('alerts'),
  ALERTS_TOPIC_PARTITIONS: env.int(3, 1),
  /** Comma-separated rule file paths or globs (`*`/`?` in the file name). */
  RULE_FILES: optionalList(),
  RULE_POLL_INTERVAL_MS: env.int(5000, 100),
  /** Comma-separated Alertmanager base URLs; alerts go to each. */
  ALERTMANAGER_URLS: optionalList().pipe(z.array(z.url('each ALERTMANAGER_URLS entry must be a URL'))),
  ALERTMANAGER_TIMEOUT_MS: env.int(5000, 100),
  ALERT_RESEND_DELAY_MS: env.int(60_000, 1000),
  ALLOWED_LATENESS_MS: env.int(5000, 0),
  TICK_INTERVAL_MS: env.int(1000, 50),
  /** Touched rules are evaluated once per this many samples or this delay, whichever first (0 = every message). */
  COALESCE_MAX_SAMPLES: env.int(5000, 0),
  COALESCE_MAX_DELAY_MS: env.int(20, 0),
  DEFAULT_EVALUATION_INTERVAL_MS: env.int(60_000, 1000),
  /** Consume in a thread of its own (fetching overlaps with evaluating), or in the main thread. */
  SAMPLE_READER_THREAD: env.bool(true),
  /** Re-read this far back on start to rebuild windows; default: the longest rule window. */
  REBUILD_WINDOW_MS: z.coerce.number().int().min(0).optional(),
  /** Redis hash holding pending/firing state; one per evaluator deployment. */
  STATE_KEY: z.string().min(1).default('streamwatch:rule-evaluator:alert-state'),
  /** Prefix of Redis keys of the downsampled history used by seasonal anomaly rules. */
  HISTORY_KEY_PREFIX: z.string().min(1).default('streamwatch:rule-evaluator:history'),
  /** Upper bound of that history (default 5 weeks: `seasons` up to 4 of `period: 1w`). */
  HISTORY_RETENTION_MS: env.int(5 * 7 * 86_400_000, 3_600_000),
  HISTORY_SYNC_INTERVAL_MS: env.int(60_000, 1000),
  EXTERNAL_URL: z.url().default('http://localhost:8081'),
  /**
   * Labels added to every alert sent to Alertmanager (an alert's own label wins) and seen by templates as
   * `$externalLabels`: `name=value,…`, e.g. `cluster=prod,region=eu`; a value with a comma is "quoted".
   */
  EXTERNAL_LABELS: z
    .string()
    .optional()
    .transform((text, ctx) => {
      const { labels, problems } = parseExternalLabels(text ?? '');
      for (const message of problems) ctx.addIssue({ code: 'custom', message });
      return labels;
    }),
  RULES_API_TOKEN: env.token(),
});

export type Config = z.infer<typeof configSchema>;

export function readConfig(source: Env): Config {
  return loadConfig(configSchema, source);
}
