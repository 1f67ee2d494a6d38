import { freePort, waitFor } from '@streamwatch/test-support';
import { SMTPServer } from 'smtp-server';
import { alert, group } from '../test/fixtures';
import { privateSchema, startTestNotifier, type TestNotifier } from '../test/harness';
import { startSink, type Sink } from '../test/sinks';

const API = 'api-token-bad-data-1';
const headers = { 'content-type': 'application/json' };
const apiAuth = { headers: { authorization: `Bearer ${API}` } };

describe('bad data never costs a page (real PostgreSQL, SMTP server and webhook sink)', () => {
  let db: Awaited<ReturnType<typeof privateSchema>>;
  let n: TestNotifier;
  let hook: Sink;
  let smtp: SMTPServer;
  const mails: string[] = [];

  beforeAll(async () => {
    db = await privateSchema();
    // The provider accepts, and answers with a U+0000 in its body.
    hook = await startSink((_r, res) => res.end('{"ok":true,"trace":"a\u0000b"}'));
    const smtpPort = await freePort();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, cb) {
        let raw = '';
        stream.on('data', (c: Buffer) => (raw += c.toString()));
        stream.on('end', () => (mails.push(raw), cb()));
      },
    });
    await new Promise<void>((r) => smtp.listen(smtpPort, '127.0.0.1', r));
    n = await startTestNotifier({
      pool: db.pool,
      apiToken: API,
      smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
      receiversYaml: `
receivers:
  - name: oncall
    channels:
      - { type: webhook, url: "${hook.url}/hook" }
      - { type: email, to: [oncall@example.com] }
`,
    });
  });
  afterAll(async () => {
    await n.stop();
    await hook.close();
    await new Promise<void>((r) => smtp.close(r));
    await db.drop();
  });

  const post = (body: unknown) =>
    fetch(`${n.url}/api/v1/alertmanager/webhook`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...(body as object), version: '4' }),
    });
  const states = async (groupKey: string) =>
    (
      await db.pool.query<{ channel_type: string; state: string }>(
        `SELECT channel_type, state FROM notifications WHERE group_key = $1 ORDER BY channel_type`,
        [groupKey],
      )
    ).rows;

  it('accepts a label value with U+0000 (and a lone surrogate) and delivers it, U+FFFD in their place', async () => {
    const g = group({
      receiver: 'oncall',
      groupKey: 'nul-label',
      commonLabels: { alertname: 'NulLabel' },
      alerts: [
        alert({
          fingerprint: 'f-nul',
          labels: { alertname: 'NulLabel', path: '/var/a\u0000b', half: 'x\uD800' },
        }),
      ],
    });
    const res = await post(g);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ queued: 2, duplicates: 0 });
    await waitFor(async () => hook.received.length >= 1 && mails.length >= 1, 10_000);
    const delivered = JSON.parse(hook.received[0]?.body ?? '{}') as {
      groups: Array<{ alerts: Array<{ labels: Record<string, string> }> }>;
    };
    expect(delivered.groups[0]?.alerts[0]?.labels).toMatchObject({
      path: '/var/a\uFFFDb',
      half: 'x\uFFFD',
    });
    expect(mails[0]).toContain('Subject: [FIRING:1] NulLabel');
    await waitFor(async () => (await states('nul-label')).every((r) => r.state === 'delivered'), 5000);
  });

  it('stores a provider answer holding U+0000 made safe, so the message is sent once', async () => {
    const before = hook.received.length;
    const res = await post(group({ receiver: 'oncall', groupKey: 'nul-answer' }));
    expect(res.status).toBe(200);
    await waitFor(async () => (await states('nul-answer')).every((r) => r.state === 'delivered'), 10_000);
    const { rows } = await db.pool.query(
      `SELECT a.provider_response FROM delivery_attempts a JOIN notifications n ON n.id = a.notification_id
       WHERE n.group_key = 'nul-answer' AND n.channel_type = 'webhook'`,
    );
    expect(rows).toEqual([{ provider_response: '{"ok":true,"trace":"a\uFFFDb"}' }]);
    await new Promise((r) => setTimeout(r, 5500)); // the test harness's lease (5 s) has run out
    expect(hook.received.length - before).toBe(1);
  });

  it.each([
    ['alerts.0.startsAt', '2020-02-30T00:00:00Z'],
    ['alerts.0.startsAt', '275760-09-13T00:00:00Z'],
    ['alerts.0.startsAt', '+275760-09-13T00:00:00Z'],
  ])('answers 400 naming %s for the impossible timestamp %s', async (field, startsAt) => {
    const res = await post(
      group({ receiver: 'oncall', groupKey: `bad-ts-${startsAt}`, alerts: [alert({ startsAt })] }),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { reason: string };
    expect(body.reason).toContain(field);
    expect(body.reason).not.toMatch(/postgres|out of range|displacement/i);
  });

  it.each([
    '/api/v1/notifications?receiver=%00',
    '/api/v1/notifications?alertname=%00',
    '/api/v1/notifications?limit=99999999',
    '/api/v1/notifications?sort=id',
    '/api/v1/dead-letters?channel=a%00',
    '/api/v1/alerts/history?alertname=%00',
    '/api/v1/alerts/history?label=job%3D%00',
    '/api/v1/alerts/history?from=2020-02-30T00:00:00Z',
    '/api/v1/alerts/history?from=99999999999999999',
    '/api/v1/escalations?fingerprint=%00',
    '/api/v1/escalations?state=x',
  ])('answers GET %s with a 400 and its reason, never a database error', async (url) => {
    const res = await fetch(`${n.url}${url}`, apiAuth);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { reason: string };
    expect(body.reason).toMatch(/^invalid query: \w+: /);
  });

  it('answers %00 in the ack API path and body with a 400', async () => {
    const ack = (fp: string, by: string) =>
      fetch(`${n.url}/api/v1/alerts/${fp}/ack`, {
        method: 'POST',
        headers: { ...headers, ...apiAuth.headers },
        body: JSON.stringify({ by }),
      });
    expect((await ack('a%00', 'me')).status).toBe(400);
    expect((await ack('a', 'me\u0000')).status).toBe(400);
  });
});
