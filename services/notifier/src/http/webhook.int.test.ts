import { createRegistry, silentLogger } from '@streamwatch/metrics-core';
import { waitFor } from '@streamwatch/test-support';
import { PostgresIntakeStore } from '../adapters/intake.repository';
import { createPostgresPool } from '../adapters/postgres';
import { resolveReceivers, receiversFileSchema } from '../domain/receivers';
import { createIntake } from '../delivery/intake';
import { createNotifierMetrics } from '../metrics';
import { alert, group } from '../test/fixtures';
import { privateSchema, startTestNotifier, type TestNotifier } from '../test/harness';
import { json, startSink, type Sink } from '../test/sinks';

const TOKEN = 'am-webhook-token-123';
const API = 'api-token-456';
const am = (body: unknown, token = TOKEN) =>
  ({
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  }) as const;

describe('Alertmanager webhook → PostgreSQL outbox → ledger API', () => {
  let db: Awaited<ReturnType<typeof privateSchema>>;
  let n: TestNotifier;
  let sink: Sink;
  let failNext = 0;

  beforeAll(async () => {
    db = await privateSchema();
    sink = await startSink((_r, res) =>
      failNext-- > 0 ? json(res, 400, { error: 'bad' }) : json(res, 200, { ok: true }),
    );
    n = await startTestNotifier({
      pool: db.pool,
      webhookToken: TOKEN,
      apiToken: API,
      maxAttempts: 2,
      receiversYaml: `receivers:\n  - name: team-db\n    channels:\n      - { type: webhook, url: "${sink.url}/a" }\n      - { type: webhook, name: b, url: "${sink.url}/b" }\n`,
    });
  });
  afterAll(async () => {
    await n.stop();
    await sink.close();
    await db.drop();
  });

  it('requires the bearer token', async () => {
    expect(
      (await fetch(`${n.url}/api/v1/alertmanager/webhook`, am({ ...group(), version: '4' }, 'wrong'))).status,
    ).toBe(401);
    expect((await fetch(`${n.url}/api/v1/notifications`)).status).toBe(401);
  });

  it('answers 400 naming the bad field', async () => {
    const bad = { ...group(), version: '4', alerts: [{ ...group().alerts[0], startsAt: 'yesterday' }] };
    const res = await fetch(`${n.url}/api/v1/alertmanager/webhook`, am(bad));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { reason: string }).reason).toContain('alerts.0.startsAt');
    const unknown = await fetch(
      `${n.url}/api/v1/alertmanager/webhook`,
      am({ ...group(), version: '4', receiver: 'nobody' }),
    );
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('receiver');
  });

  it('queues one row per channel, dedupes repeats, delivers, and records the ledger', async () => {
    const payload = { ...group({ groupKey: `gk-${Date.now()}` }), version: '4' };
    const first = await fetch(`${n.url}/api/v1/alertmanager/webhook`, am(payload));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ status: 'queued', queued: 2, duplicates: 0, reminders: 0 });
    const again = await fetch(
      `${n.url}/api/v1/alertmanager/webhook`,
      am({ ...payload, externalURL: 'http://am-peer-2' }),
    );
    expect(await again.json()).toEqual({ status: 'queued', queued: 0, duplicates: 2, reminders: 0 });
    expect(await n.registry.getSingleMetricAsString('streamwatch_notifier_dedupe_hits_total')).toContain(
      '} 2',
    );
    await waitFor(async () => sink.received.length >= 2, 10_000);
    const list = await fetch(`${n.url}/api/v1/notifications?receiver=team-db`, {
      headers: { authorization: `Bearer ${API}` },
    });
    const { notifications } = (await list.json()) as { notifications: Array<{ id: number; state: string }> };
    expect(notifications).toHaveLength(2);
    await waitFor(async () => {
      const { rows } = await db.pool.query(
        `SELECT count(*)::int AS c FROM delivery_attempts WHERE outcome = 'delivered'`,
      );
      return rows[0].c === 2;
    }, 5000);
    const one = (await (
      await fetch(`${n.url}/api/v1/notifications/${notifications[0]?.id}`, {
        headers: { authorization: `Bearer ${API}` },
      })
    ).json()) as {
      state: string;
      attempts: Array<{ outcome: string; provider_status: number; latency_ms: number }>;
    };
    expect(one.state).toBe('delivered');
    expect(one.attempts[0]).toMatchObject({ outcome: 'delivered', provider_status: 200 });
    expect(sink.received).toHaveLength(2);
  });

  it('dead-letters a final failure and retries it on request', async () => {
    failNext = 2;
    const payload = { ...group({ groupKey: `dead-${Date.now()}` }), version: '4' };
    expect((await fetch(`${n.url}/api/v1/alertmanager/webhook`, am(payload))).status).toBe(200);
    const auth = { headers: { authorization: `Bearer ${API}` } };
    let dead: Array<{ id: number }> = [];
    await waitFor(async () => {
      dead = (
        (await (await fetch(`${n.url}/api/v1/dead-letters`, auth)).json()) as {
          deadLetters: Array<{ id: number }>;
        }
      ).deadLetters;
      return dead.length === 2;
    }, 10_000);
    const retry = await fetch(`${n.url}/api/v1/dead-letters/${dead[0]?.id}/retry`, {
      method: 'POST',
      ...auth,
    });
    expect(retry.status).toBe(202);
    await waitFor(
      async () =>
        (
          (await (await fetch(`${n.url}/api/v1/notifications/${dead[0]?.id}`, auth)).json()) as {
            state: string;
          }
        ).state === 'delivered',
      10_000,
    );
    expect(
      (await fetch(`${n.url}/api/v1/dead-letters/${dead[0]?.id}/retry`, { method: 'POST', ...auth })).status,
    ).toBe(404);
  });

  it('filters the ledger by alert name, and refuses an unknown parameter naming it', async () => {
    const auth = { headers: { authorization: `Bearer ${API}` } };
    for (const name of ['DiskFull', 'MemoryLow'])
      expect(
        (
          await fetch(
            `${n.url}/api/v1/alertmanager/webhook`,
            am({
              ...group({
                groupKey: `by-name-${name}-${Date.now()}`,
                commonLabels: { alertname: name },
                alerts: [alert({ fingerprint: `fp-${name}`, labels: { alertname: name } })],
              }),
              version: '4',
            }),
          )
        ).status,
      ).toBe(200);
    const list = async (q: string) =>
      (
        (await (await fetch(`${n.url}/api/v1/notifications?${q}`, auth)).json()) as {
          notifications: Array<{ alertnames: string[]; channel_key: string }>;
        }
      ).notifications;
    const disk = await list('alertname=DiskFull');
    expect(disk).toHaveLength(2);
    expect(disk.every((x) => x.alertnames.includes('DiskFull'))).toBe(true);
    expect(await list('alertname=DiskFull&channel=team-db/b')).toHaveLength(1);
    expect(await list('alertname=NoSuchAlert')).toEqual([]);
    const unknown = await fetch(`${n.url}/api/v1/notifications?alert=DiskFull`, auth);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { reason: string }).reason).toBe(
      'invalid query: alert: unknown parameter',
    );
  });

  it('fails with a retriable error (503) when PostgreSQL is unreachable', async () => {
    const broken = createPostgresPool('postgres://x:y@127.0.0.1:1/none', silentLogger(), {
      schema: 'notifier',
    });
    const receivers = resolveReceivers(
      receiversFileSchema.parse({
        receivers: [{ name: 'team-db', channels: [{ type: 'slack', url: 'http://x' }] }],
      }),
      1000,
    );
    const accept = createIntake({
      receivers,
      store: new PostgresIntakeStore(broken),
      clock: Date,
      metrics: createNotifierMetrics(createRegistry('t', { defaultMetrics: false })),
      wake: () => undefined,
    });
    await expect(accept(group())).rejects.toMatchObject({
      name: 'PostgresError',
      failure: 'unavailable',
      retriable: true,
    });
    await broken.end();
  });
});
