import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');

/** Reads the env file written by `deploy/native/infra.sh up`; fails loudly when the infrastructure is not up. */
export function nativeEnv(): Record<string, string> {
  const dir = process.env.STREAMWATCH_NATIVE_DIR ?? join(REPO_ROOT, '.native');
  const file = join(dir, 'env');
  if (!existsSync(file)) throw new Error(`${file} missing: run deploy/native/infra.sh up first`);
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1] as string] = m[2] as string;
  }
  return out;
}

/** Runs `deploy/native/infra.sh <args>` (e.g. `down redis`) synchronously. */
export function infra(...args: string[]): string {
  return execFileSync('bash', [join(REPO_ROOT, 'deploy/native/infra.sh'), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
