import { join } from 'node:path';
import { nativeEnv, startService, freePort, waitFor, type ServiceProcess } from '@streamwatch/test-support';
import { alert, group } from '../test/fixtures';
import { privateSchema, writeReceivers } from '../test/harness';
import { startSink, type Sink } from '../test/sinks';
import type { ServerResponse } from 'node:http';

const ENTRY = join(__dirname, '..', '..', 'dist', 'main.js');
const SECRETS = {
  WEBHOOK_BEARER_TOKEN: 'whtok-5b1c9e0f-do-not-log',
  API_TOKEN: 'apitok-77aa31-do-not-log',
  HOOK_SECRET: 'hooksecret-e3f1-do-not-log',
  DT_TOKEN: 'dingtoken-a9d2-do-not-log',
  ACK_SECRET: 'acksecret-0c4f8b2d-do-not-log',
};

/**
 * kill -9 while a delivery is in flight, restart, and count at the sink by the idempotency marker:
 * every notification arrives, and the one in flight at the crash is the only one seen twice; its
 * repeat carries the same marker, so a sink that dedupes on it applies the effect once.
 */
describe('crash during delivery (built notifier, kill -9, restart)', () => {
  let db: Awaited<ReturnType<typeof privateSchema>>;
  let sink: Sink;
  let held: ServerResponse | undefined;
  const effects = new Map<string, number>();
  const raw = new Map<string, number>();
  const procs: ServiceProcess[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await privateSchema();
    sink = await startSink((r, res) => {
      const key = String(r.headers['x-streamwatch-idempotency-key']);
      raw.set(key, (raw.get(key) ?? 0) + 1);
      if (!effects.has(key)) effects.set(key, 1);
      if (r.body.includes('HOLD-ME') && !held) {
        held = res; // never answered: the notifier is killed while waiting
        return;
      }
      res.end('ok');
    });
    const n = nativeEnv();
    const receivers = writeReceivers(`
receivers:
  - name: ops
    channels:
      - { type: webhook, url: "${sink.url}/hook", secret: "\${HOOK_SECRET}", concurrency: 4, rate_limit: none } # counted per delivery: no summaries
      - { type: dingtalk, name: dead-robot, url: "http://127.0.0.1:1/robot/send?access_token=\${DT_TOKEN}", timeout: 500ms, rate_limit: null }
`);
    env = {
      ...SECRETS,
      KAFKA_BROKERS: n.KAFKA_BROKERS as string,
      DATABASE_URL: n.DATABASE_URL as string,
      DATABASE_SCHEMA: db.schema,
      REDIS_URL: n.REDIS_URL as string,
      RECEIVERS_FILE: receivers,
      ALERT_HISTORY_ENABLED: 'false',
      // The held request must still be in flight at the kill, not timed out and retried before it
      // (that would be a second, legitimate repeat): a timeout well above the time to the kill.
      DELIVERY_TIMEOUT_MS: '8000',
      DELIVERY_LEASE_MS: '9000',
      DELIVERY_POLL_MS: '100',
      DELIVERY_BACKOFF_MIN_MS: '100',
      DELIVERY_BACKOFF_MAX_MS: '500',
      DELIVERY_MAX_ATTEMPTS: '3',
      PUBLIC_URL: 'http://notifier.local',
      LOG_LEVEL: 'debug',
    };
  });
  afterAll(async () => {
    held?.destroy();
    for (const p of procs) await p.stop('SIGKILL');
    await sink.close();
    await db.drop();
  });

  async function start(): Promise<ServiceProcess> {
    const port = await freePort();
    const p = startService(ENTRY, env, port);
    procs.push(p);
    await waitFor(async () => (await fetch(`${p.url}/health/live`)).ok, 30_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${p.output()}`);
    });
    return p;
  }

  const post = (url: string, body: unknown) =>
    fetch(`${url}/api/v1/alertmanager/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${SECRETS.WEBHOOK_BEARER_TOKEN}`,
      },
      body: JSON.stringify({ ...(body as object), version: '4' }),
    });

  it('loses nothing and applies nothing twice', async () => {
    const a = await start();
    const payloads = Array.from({ length: 10 }, (_, i) =>
      group({
        receiver: 'ops',
        groupKey: `crash-${i}`,
        alerts: [
          alert({ fingerprint: `fp${i}`, annotations: { summary: i === 4 ? 'HOLD-ME' : `alert ${i}` } }),
        ],
      }),
    );
    for (const p of payloads) expect((await post(a.url, p)).status).toBe(200);
    await waitFor(async () => held !== undefined && effects.size === 10, 15_000);
    a.child.kill('SIGKILL');
    await a.exited;

    const b = await start();
    for (const p of payloads)
      expect(await (await post(b.url, p)).json()).toMatchObject({ queued: 0, duplicates: 2 });
    await waitFor(async () => {
      const { rows } = await db.pool.query(
        `SELECT count(*)::int AS c FROM notifications WHERE channel_type = 'webhook' AND state = 'delivered'`,
      );
      return rows[0].c === 10;
    }, 30_000);

    expect(effects.size).toBe(10);
    expect([...effects.values()].every((v) => v === 1)).toBe(true);
    const repeats = [...raw.entries()].filter(([, c]) => c > 1);
    expect(repeats).toHaveLength(1);
    expect(repeats[0]?.[1]).toBe(2);
    const { rows } = await db.pool.query(
      `SELECT n.id, count(a.*) FILTER (WHERE a.outcome = 'delivered')::int AS ok FROM notifications n
       LEFT JOIN delivery_attempts a ON a.notification_id = n.id WHERE n.channel_type = 'webhook' GROUP BY n.id`,
    );
    expect(rows.every((r) => r.ok === 1)).toBe(true);

    await waitFor(async () => {
      const res = await fetch(`${b.url}/api/v1/dead-letters`, {
        headers: { authorization: `Bearer ${SECRETS.API_TOKEN}` },
      });
      return ((await res.json()) as { deadLetters: unknown[] }).deadLetters.length === 10;
    }, 20_000);
    await b.stop('SIGTERM');

    const logs = procs.map((p) => p.output()).join('\n');
    expect(logs).toContain('dead-lettered');
    const dbPassword = new URL(env.DATABASE_URL as string).password;
    const redisPassword = new URL(env.REDIS_URL as string).password;
    for (const secret of [...Object.values(SECRETS), dbPassword, redisPassword])
      expect(logs).not.toContain(secret);
  });
});
