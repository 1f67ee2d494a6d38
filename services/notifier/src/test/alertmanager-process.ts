import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '@streamwatch/test-support';

export interface AlertmanagerProcess {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** A private Alertmanager (Debian's prometheus-alertmanager) with its own config, storage and port, no cluster. */
export async function startAlertmanager(configYaml: string): Promise<AlertmanagerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'am-'));
  writeFileSync(join(dir, 'alertmanager.yml'), configYaml);
  const port = await freePort();
  const child: ChildProcess = spawn(
    '/usr/bin/prometheus-alertmanager',
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      `--storage.path=${dir}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await waitFor(async () => (await fetch(`${url}/-/ready`)).ok, 15_000).catch((err: Error) => {
    child.kill('SIGKILL');
    throw new Error(`alertmanager did not start: ${err.message}\n${out}`);
  });
  return {
    url,
    output: () => out,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function postAlerts(amUrl: string, alerts: unknown[]): Promise<void> {
  const res = await fetch(`${amUrl}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(alerts),
  });
  if (!res.ok) throw new Error(`alertmanager rejected alerts: ${res.status} ${await res.text()}`);
}
