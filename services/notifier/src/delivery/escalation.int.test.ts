import { waitFor } from '@streamwatch/test-support';
import { signAck } from '../domain/signing';
import { alert, group } from '../test/fixtures';
import { privateSchema, startTestNotifier, type TestNotifier } from '../test/harness';
import { startSink, type Sink } from '../test/sinks';
import { createEscalationRunner } from './escalation-runner';

const ACK = 'ack-secret-for-tests-123';

describe('escalation policies', () => {
  let db: Awaited<ReturnType<typeof privateSchema>>;
  let n: TestNotifier;
  let primary: Sink, secondary: Sink;
  let run: () => Promise<void>;

  beforeAll(async () => {
    db = await privateSchema();
    primary = await startSink();
    secondary = await startSink();
    n = await startTestNotifier({
      pool: db.pool,
      apiToken: 'tok',
      ackSecret: ACK,
      links: { ackLink: (a) => `http://notifier/api/v1/ack?fp=${a.fingerprint}` },
      receiversYaml: `
receivers:
  - name: primary
    channels: [{ type: webhook, url: "${primary.url}" }]
  - name: secondary
    channels: [{ type: webhook, url: "${secondary.url}" }]
escalations:
  - name: crit
    match: { severity: critical }
    steps: [{ after: 0s, receivers: [secondary] }]
  - name: slow
    match: { severity: warning }
    steps: [{ after: 15m, receivers: [secondary] }, { after: 1h, receivers: [secondary] }]
`,
    });
    run = createEscalationRunner({
      repo: n.escalations,
      receivers: n.receivers,
      metrics: n.metrics,
      wake: (k) => n.dispatcher.wake(k),
    });
  });
  afterAll(async () => {
    await n.stop();
    await primary.close();
    await secondary.close();
    await db.drop();
  });

  const post = (fp: string, labels?: Record<string, string>) =>
    fetch(`${n.url}/api/v1/alertmanager/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...group({
          receiver: 'primary',
          groupKey: fp,
          alerts: [alert({ fingerprint: fp, ...(labels ? { labels } : {}) })],
        }),
        version: '4',
      }),
    });
  const escalationOf = async (fp: string) =>
    (await db.pool.query(`SELECT state, acked_by FROM escalations WHERE fingerprint = $1`, [fp])).rows;

  it('notifies the next step when nobody acknowledged, once', async () => {
    expect((await post('esc-1')).status).toBe(200);
    await run();
    await run();
    await waitFor(async () => secondary.received.length === 1, 10_000);
    const escalated = JSON.parse(secondary.received[0]?.body ?? '') as { title: string; text: string };
    expect(escalated.title).toBe('[ESCALATION 1/1] [FIRING:1] HighCPU (critical)');
    expect(escalated.text).toContain('Escalation step 1 of 1 — not acknowledged after 0s (policy crit).');
    expect(primary.received[0]?.body).toContain('http://notifier/api/v1/ack?fp=esc-1');
  });

  it('opens a confirmation page on GET of the signed link, acknowledges only on its POST, rejects a forged one', async () => {
    expect((await post('esc-2')).status).toBe(200);
    const exp = Math.floor(Date.now() / 1000) + 60;
    const sig = signAck(ACK, 'esc-2', exp);
    expect((await fetch(`${n.url}/api/v1/ack?fp=esc-2&exp=${exp}&sig=forged`)).status).toBe(403);
    const page = await fetch(`${n.url}/api/v1/ack?fp=esc-2&exp=${exp}&sig=${sig}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('<form method="post" action="ack">');
    expect(html).toContain(`name="sig" value="${sig}"`);
    expect(await escalationOf('esc-2')).toEqual([{ state: 'open', acked_by: null }]); // a GET changes nothing

    const form = (fields: Record<string, string>) =>
      fetch(`${n.url}/api/v1/ack`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    expect((await form({ fp: 'esc-2', exp: String(exp), sig: 'forged' })).status).toBe(403);
    expect((await form({ fp: 'esc-2', exp: String(exp + 1), sig })).status).toBe(403);
    expect(await escalationOf('esc-2')).toEqual([{ state: 'open', acked_by: null }]);
    const ok = await form({ fp: 'esc-2', exp: String(exp), sig, by: 'Alice' });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('1 escalation(s) stopped');
    const before = secondary.received.length;
    await run();
    await new Promise((r) => setTimeout(r, 300));
    expect(secondary.received.length).toBe(before);
    expect(await escalationOf('esc-2')).toEqual([{ state: 'acked', acked_by: 'Alice (link)' }]);
  });

  it('refuses an expired link on the page and on the POST', async () => {
    const exp = Math.floor(Date.now() / 1000) - 1;
    const sig = signAck(ACK, 'esc-x', exp);
    const page = await fetch(`${n.url}/api/v1/ack?fp=esc-x&exp=${exp}&sig=${sig}`);
    expect(page.status).toBe(403);
    expect(await page.text()).toContain('expired');
    const form = await fetch(`${n.url}/api/v1/ack`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ fp: 'esc-x', exp: String(exp), sig }).toString(),
    });
    expect(form.status).toBe(403);
  });

  it('stops after an acknowledgement through the API', async () => {
    expect((await post('esc-3')).status).toBe(200);
    const res = await fetch(`${n.url}/api/v1/alerts/esc-3/ack`, {
      method: 'POST',
      headers: { authorization: 'Bearer tok', 'content-type': 'application/json' },
      body: '{"by":"alice"}',
    });
    expect(await res.json()).toMatchObject({ acknowledged: 1 });
    const { rows } = await db.pool.query(
      `SELECT state, acked_by FROM escalations WHERE fingerprint = 'esc-3'`,
    );
    expect(rows).toEqual([{ state: 'acked', acked_by: 'alice' }]);
  });

  it('lists open and acknowledged escalations with alertname, step, next due time and who acknowledged', async () => {
    const t0 = Date.now();
    expect((await post('esc-4', { alertname: 'DiskFull', severity: 'warning' })).status).toBe(200);
    const list = async (query: string) => {
      const res = await fetch(`${n.url}/api/v1/escalations${query}`, {
        headers: { authorization: 'Bearer tok' },
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { escalations: Array<Record<string, unknown>> }).escalations;
    };
    const open = await list('?state=open');
    const e4 = open.find((e) => e.fingerprint === 'esc-4');
    expect(e4).toMatchObject({
      policy: 'slow',
      alertname: 'DiskFull',
      state: 'open',
      step: 0,
      steps: 2,
      nextStep: 1,
      ackedBy: null,
      ackedAt: null,
    });
    const due = Date.parse(String(e4?.nextDueAt));
    expect(due).toBeGreaterThanOrEqual(t0 + 900_000 - 1000);
    expect(due).toBeLessThanOrEqual(Date.now() + 900_000 + 1000);
    expect(open.every((e) => e.state === 'open')).toBe(true);

    const acked = await list('?state=acknowledged');
    expect(acked.map((e) => e.fingerprint).sort()).toEqual(['esc-2', 'esc-3']);
    expect(acked.find((e) => e.fingerprint === 'esc-3')).toMatchObject({
      state: 'acknowledged',
      ackedBy: 'alice',
      nextDueAt: null,
      nextStep: null,
    });
    expect(Date.parse(String(acked[0]?.ackedAt))).toBeGreaterThan(t0 - 60_000);
    const all = await list('');
    expect(all.map((e) => e.fingerprint)).toEqual(expect.arrayContaining(['esc-2', 'esc-3', 'esc-4']));
    expect((await list('?alertname=DiskFull')).map((e) => e.fingerprint)).toEqual(['esc-4']);
    expect((await fetch(`${n.url}/api/v1/escalations`)).status).toBe(401);
  });
});
