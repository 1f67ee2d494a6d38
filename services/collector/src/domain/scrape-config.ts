import { LABEL_NAME_RE, type Labels } from '@streamwatch/metrics-core';
import { parse } from 'yaml';
import { z } from 'zod';
import { parseDuration } from '@streamwatch/metrics-core';

export interface ScrapeTarget {
  job: string;
  /** `host:port` as written in static_configs; becomes the `instance` label. */
  address: string;
  url: string;
  /** job, instance and the static labels, attached to every scraped sample. */
  labels: Labels;
  intervalMs: number;
  timeoutMs: number;
  honorLabels: boolean;
}

const duration = z
  .string()
  .refine((s) => parseDuration(s) !== undefined, 'must be a Prometheus duration like 15s or 1m');
const labelMap = z.record(z.string().regex(LABEL_NAME_RE, 'invalid label name'), z.string());

const jobSchema = z.object({
  job_name: z.string().min(1),
  scrape_interval: duration.optional(),
  scrape_timeout: duration.optional(),
  metrics_path: z.string().startsWith('/').default('/metrics'),
  scheme: z.enum(['http', 'https']).default('http'),
  honor_labels: z.boolean().default(false),
  static_configs: z
    .array(
      z.object({
        targets: z.array(z.string().regex(/^[^/\s]+$/, 'must be host:port')).min(1),
        labels: labelMap.default({}),
      }),
    )
    .default([]),
});

const fileSchema = z.object({
  global: z
    .object({ scrape_interval: duration.default('15s'), scrape_timeout: duration.default('10s') })
    .default({ scrape_interval: '15s', scrape_timeout: '10s' }),
  scrape_configs: z.array(jobSchema).default([]),
});

export class ScrapeConfigError extends Error {}

function problemsOf(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/** Reads a Prometheus-style scrape configuration (static_configs only) into one entry per target. */
export function parseScrapeConfig(yamlText: string): ScrapeTarget[] {
  let raw: unknown;
  try {
    raw = parse(yamlText) ?? {};
  } catch (err) {
    throw new ScrapeConfigError(`scrape config is not valid YAML: ${(err as Error).message}`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) throw new ScrapeConfigError(`invalid scrape config: ${problemsOf(parsed.error)}`);
  const { global, scrape_configs: jobs } = parsed.data;
  const names = new Set<string>();
  const targets: ScrapeTarget[] = [];
  for (const job of jobs) {
    if (names.has(job.job_name)) throw new ScrapeConfigError(`duplicate job_name "${job.job_name}"`);
    names.add(job.job_name);
    const intervalMs = parseDuration(job.scrape_interval ?? global.scrape_interval) as number;
    const timeoutMs = Math.min(
      parseDuration(job.scrape_timeout ?? global.scrape_timeout) as number,
      intervalMs,
    );
    if (intervalMs <= 0)
      throw new ScrapeConfigError(`job "${job.job_name}": scrape_interval must be positive`);
    for (const group of job.static_configs)
      for (const address of group.targets)
        targets.push({
          job: job.job_name,
          address,
          url: `${job.scheme}://${address}${job.metrics_path}`,
          labels: { ...group.labels, job: job.job_name, instance: address },
          intervalMs,
          timeoutMs,
          honorLabels: job.honor_labels,
        });
  }
  return targets;
}
