import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@streamwatch/test-support';

/** Addresses of the native stack (deploy/native/stack.sh up); all fixed by stack.sh. */
export const STACK = {
  collector: 'http://127.0.0.1:8080',
  ruleEvaluator: 'http://127.0.0.1:8081',
  notifier: 'http://127.0.0.1:8082',
  healthCheck: 'http://127.0.0.1:8083',
  prometheus: 'http://127.0.0.1:9090',
  alertmanager: 'http://127.0.0.1:9093',
  mail: 'http://127.0.0.1:8025',
} as const;

export const STATE_DIR = process.env.STREAMWATCH_NATIVE_DIR ?? join(REPO_ROOT, '.native');

export function ingestToken(): string {
  const file = join(STATE_DIR, 'secrets', 'collector_ingest_token');
  if (!existsSync(file))
    throw new Error(`${file} missing: run deploy/native/stack.sh up (or tests/e2e/run.sh)`);
  return readFileSync(file, 'utf8').trim();
}

/** Port of the webhook sink the notifier posts to (tests/e2e/scripts/notifier.sh webhook <url>). */
export function webhookPort(): number {
  return Number(process.env.E2E_WEBHOOK_PORT ?? 18090);
}

/** Pid of a process stack.sh/infra.sh started, from its pid file. */
export function pidOf(name: string): number {
  const file = join(STATE_DIR, 'pids', `${name}.pid`);
  const pid = existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : NaN;
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no pid in ${file}: is the native stack up?`);
  return pid;
}

export function commandLine(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
}

/** The last lines of a component's log in the state dir (stack.sh and infra.sh write logs/<name>.log). */
export function logTail(name: string, lines = 25): string {
  const file = join(STATE_DIR, 'logs', `${name}.log`);
  if (!existsSync(file)) return `---- ${file}: missing`;
  const tail = readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  return `---- last ${lines} lines of ${file}\n${tail}`;
}

export function logTails(names: readonly string[], lines = 25): string {
  return names.map((n) => logTail(n, lines)).join('\n');
}

/** A label value no earlier run used. */
export function runId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

export interface PushedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Pushes samples to the collector's JSON endpoint with the stack's ingest token; resolves on 204. */
export async function pushSamples(samples: PushedSample[]): Promise<void> {
  const res = await fetch(`${STACK.collector}/api/v1/samples`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ingestToken()}`, 'content-type': 'application/json' },
    body: JSON.stringify(samples),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (res.status !== 204)
    throw new Error(`collector answered ${res.status} to a push: ${text}\n${logTail('collector')}`);
}

export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
