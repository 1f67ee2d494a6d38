import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, type ErrorDetail } from '../errors/errors';

export type Env = Record<string, string | undefined>;

/**
 * Resolves `X_FILE` variables into `X` (Docker/Kubernetes secrets). Setting both is an error, as is an
 * unreadable file; problems are collected, not thrown one by one. Only variables the schema knows are
 * resolved, so unrelated `*_FILE` variables of the host are left alone.
 */
export function resolveFileSecrets(env: Env, problems: ErrorDetail[], known: ReadonlySet<string>): Env {
  const out: Env = { ...env };
  for (const [key, path] of Object.entries(env)) {
    if (!key.endsWith('_FILE') || path === undefined || path === '') continue;
    const target = key.slice(0, -'_FILE'.length);
    if (!known.has(target)) continue;
    if (env[target] !== undefined && env[target] !== '') {
      problems.push({ field: key, message: `set ${target} or ${key}, not both` });
      continue;
    }
    try {
      out[target] = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      problems.push({
        field: key,
        message: `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
      });
    }
  }
  return out;
}

/** Parses the environment with one zod schema; a bad or missing variable stops startup listing every problem. */
export function loadConfig<S extends z.ZodObject>(schema: S, env: Env): z.infer<S> {
  const problems: ErrorDetail[] = [];
  const resolved = resolveFileSecrets(env, problems, new Set(Object.keys(schema.shape)));
  const parsed = schema.safeParse(resolved);
  if (!parsed.success)
    for (const issue of parsed.error.issues)
      problems.push({ field: issue.path.join('.') || '(root)', message: issue.message });
  if (problems.length > 0 || !parsed.success) {
    const lines = problems.map((p) => `  - ${p.field}: ${p.message}`).join('\n');
    throw new ConfigError(`invalid configuration (${problems.length} problem(s)):\n${lines}`, {
      details: problems,
    });
  }
  return parsed.data;
}

/** Small zod building blocks shared by the services' schemas. */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  int: (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback),
  list: () =>
    z
      .string()
      .min(1)
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      ),
  bool: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0'])
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1'),
  url: () => z.url(),
  /** A required shared secret (bearer token, API token): long enough not to be guessed. */
  token: () => z.string({ error: 'required (or set <NAME>_FILE)' }).min(16, 'must be at least 16 characters'),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

/** Variables every service reads. */
export const commonEnv = {
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: env.logLevel(),
  SHUTDOWN_DEADLINE_MS: env.int(10_000, 100),
};
