import { readFileSync } from 'node:fs';
import { ConfigError, type Env } from '@streamwatch/metrics-core';
import { parse } from 'yaml';
import { resolveReceivers, receiversFileSchema, type Receivers } from '../domain/receivers';
import { expandSecrets } from '../domain/secrets-expansion';

/** Reads the receivers YAML, expands `${VAR}` and `*_file` secrets, validates, and lists every problem. */
export function loadReceivers(path: string, env: Env, defaultTimeoutMs: number): Receivers {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`RECEIVERS_FILE: cannot read ${path}: ${(err as Error).message}`);
  }
  const { value, problems } = expandSecrets(raw, env, (p) => readFileSync(p, 'utf8'));
  const parsed = receiversFileSchema.safeParse(value);
  if (!parsed.success)
    for (const i of parsed.error.issues) problems.push(`${i.path.join('.')}: ${i.message}`);
  if (problems.length > 0 || !parsed.success)
    throw new ConfigError(
      `invalid receivers file ${path} (${problems.length} problem(s)):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  try {
    return resolveReceivers(parsed.data, defaultTimeoutMs);
  } catch (err) {
    throw new ConfigError(`invalid receivers file ${path}: ${(err as Error).message}`);
  }
}
