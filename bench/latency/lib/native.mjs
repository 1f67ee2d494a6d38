import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../../..');
export const STATE = process.env.STREAMWATCH_NATIVE_DIR ?? join(REPO, '.native');
export const STACK = {
  collector: 'http://127.0.0.1:8080',
  notifier: 'http://127.0.0.1:8082',
  alertmanager: 'http://127.0.0.1:9093',
  mail: 'http://127.0.0.1:8025',
  grafana: 'http://127.0.0.1:3000',
  prometheus: 'http://127.0.0.1:9090',
};

/** The infra env file (KAFKA_BROKERS, DATABASE_URL, ...). */
export function nativeEnv() {
  const out = {};
  for (const line of readFileSync(join(STATE, 'env'), 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2];
  }
  return out;
}

export const ingestToken = () =>
  readFileSync(join(STATE, 'secrets', 'collector_ingest_token'), 'utf8').trim();

/** npm packages of the workspace packages that depend on them (kafkajs, pg). */
export const requireFrom = (pkgDir) => createRequire(join(REPO, pkgDir, 'package.json'));

export async function assertStackUp() {
  for (const [name, url] of [
    ['collector', `${STACK.collector}/health/ready`],
    ['notifier', `${STACK.notifier}/health/ready`],
    ['alertmanager', `${STACK.alertmanager}/-/ready`],
  ]) {
    const ok = await fetch(url, { signal: AbortSignal.timeout(3000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (!ok) throw new Error(`${name} is not ready at ${url}: run deploy/native/stack.sh up first`);
  }
}

/** tests/e2e/scripts/notifier.sh: the stack's notifier with an extra webhook channel (or back to stock). */
export function notifierReceivers(mode, url) {
  execFileSync('bash', [join(REPO, 'tests/e2e/scripts/notifier.sh'), mode, ...(url ? [url] : [])], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

export async function push(samples) {
  const res = await fetch(`${STACK.collector}/api/v1/samples`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ingestToken()}`, 'content-type': 'application/json' },
    body: JSON.stringify(samples),
  });
  if (res.status !== 204) throw new Error(`collector answered ${res.status}: ${await res.text()}`);
}
