import { createHmac } from 'node:crypto';
import { freePort, waitFor } from '@streamwatch/test-support';
import { SMTPServer } from 'smtp-server';
import { alert, group } from '../test/fixtures';
import { privateSchema, startTestNotifier, type TestNotifier } from '../test/harness';
import { json, startSink, type Sink } from '../test/sinks';

interface Mail {
  from: string;
  to: string[];
  raw: string;
}

describe('delivery to a real SMTP server and provider stand-ins', () => {
  let db: Awaited<ReturnType<typeof privateSchema>>;
  let n: TestNotifier;
  let slack: Sink, dingtalk: Sink, wecom: Sink, feishu: Sink, hook: Sink;
  let smtp: SMTPServer;
  const mails: Mail[] = [];
  let dingtalkFailures = 1;

  beforeAll(async () => {
    db = await privateSchema();
    slack = await startSink((_r, res) => res.end('ok'));
    dingtalk = await startSink((_r, res) =>
      json(
        res,
        200,
        dingtalkFailures-- > 0 ? { errcode: -1, errmsg: 'system busy' } : { errcode: 0, errmsg: 'ok' },
      ),
    );
    wecom = await startSink((_r, res) => json(res, 200, { errcode: 0, errmsg: 'ok' }));
    feishu = await startSink((_r, res) => json(res, 200, { code: 0, msg: 'success' }));
    hook = await startSink((_r, res) => res.end());
    const smtpPort = await freePort();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, cb) {
        let raw = '';
        stream.on('data', (c: Buffer) => (raw += c.toString()));
        stream.on('end', () => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
          });
          cb();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(smtpPort, '127.0.0.1', r));
    n = await startTestNotifier({
      pool: db.pool,
      smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
      env: { DT_SECRET: 'SECdingtalk', FS_SECRET: 'feishu-secret' },
      receiversYaml: `
receivers:
  - name: all
    channels:
      - { type: email, to: [oncall@example.com] }
      - { type: slack, url: "${slack.url}/services/T/B/X" }
      - { type: dingtalk, url: "${dingtalk.url}/robot/send?access_token=abc", secret: "\${DT_SECRET}" }
      - { type: wecom, url: "${wecom.url}/cgi-bin/webhook/send?key=k" }
      - { type: feishu, url: "${feishu.url}/open-apis/bot/v2/hook/x", secret: "\${FS_SECRET}" }
      - { type: webhook, url: "${hook.url}/sms", secret: whsec, body_template: { to: "+4915100000", text: "{{title}}" } }
  - name: limited
    channels:
      - { type: dingtalk, url: "${dingtalk.url}/robot/send?access_token=limited", rate_limit: { count: 2, per: 1m } }
`,
    });
  });
  afterAll(async () => {
    await n.stop();
    await Promise.all([slack, dingtalk, wecom, feishu, hook].map((s) => s.close()));
    await new Promise<void>((r) => smtp.close(r));
    await db.drop();
  });

  it('delivers one notification to every channel with the exact payloads and signatures', async () => {
    const body = { ...group({ receiver: 'all', groupKey: `all-${Date.now()}` }), version: '4' };
    const res = await fetch(`${n.url}/api/v1/alertmanager/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    await waitFor(
      async () =>
        mails.length === 1 &&
        slack.received.length === 1 &&
        dingtalk.received.length === 2 &&
        wecom.received.length === 1 &&
        feishu.received.length === 1 &&
        hook.received.length === 1,
      15_000,
    );

    expect(mails[0]?.to).toEqual(['oncall@example.com']);
    expect(mails[0]?.raw).toContain('Subject: [FIRING:1] HighCPU (critical)');
    expect(mails[0]?.raw).toContain('Content-Type: text/plain');
    expect(mails[0]?.raw).toContain('Content-Type: text/html');
    expect(mails[0]?.raw).toMatch(/Message-ID: <[0-9a-f]{32}@streamwatch\.notifier>/);

    expect(JSON.parse(slack.received[0]?.body ?? '').text).toContain('[critical] CPU above 90%');

    const dt = dingtalk.received[1];
    const u = new URL(dt?.url ?? '', dingtalk.url);
    const ts = u.searchParams.get('timestamp') ?? '';
    expect(u.searchParams.get('access_token')).toBe('abc');
    expect(u.searchParams.get('sign')).toBe(
      createHmac('sha256', 'SECdingtalk').update(`${ts}\nSECdingtalk`).digest('base64'),
    );
    const dtBody = JSON.parse(dt?.body ?? '');
    expect(dtBody.msgtype).toBe('markdown');
    expect(dtBody.markdown.title).toBe('[FIRING:1] HighCPU (critical)');

    const wc = JSON.parse(wecom.received[0]?.body ?? '');
    expect(wc.msgtype).toBe('markdown');
    expect(wc.markdown.content).toContain('CPU above 90%');

    const fs = JSON.parse(feishu.received[0]?.body ?? '');
    expect(fs.sign).toBe(createHmac('sha256', `${fs.timestamp}\nfeishu-secret`).update('').digest('base64'));
    expect(fs.card.header.title.content).toBe('[FIRING:1] HighCPU (critical)');

    const h = hook.received[0];
    expect(h?.body).toBe(JSON.stringify({ to: '+4915100000', text: '[FIRING:1] HighCPU (critical)' }));
    const sig = createHmac('sha256', 'whsec')
      .update(`${h?.headers['x-streamwatch-timestamp']}.${h?.body}`)
      .digest('hex');
    expect(h?.headers['x-streamwatch-signature']).toBe(`sha256=${sig}`);
    expect(h?.headers['x-streamwatch-idempotency-key']).toMatch(/^[0-9a-f]{32}$/);

    // the stand-in has answered the retry, but the notifier records the attempt only once it has the answer
    let rows: unknown[] = [];
    await waitFor(async () => {
      ({ rows } = await db.pool.query(
        `SELECT outcome, reason FROM delivery_attempts a JOIN notifications n ON n.id = a.notification_id WHERE n.channel_type = 'dingtalk' ORDER BY a.id`,
      ));
      return rows.length >= 2;
    }, 5_000);
    expect(rows).toEqual([
      { outcome: 'failed', reason: 'provider_error' },
      { outcome: 'delivered', reason: null },
    ]);
  });

  it('folds what exceeds a Redis-shared rate limit into a summary, dropping nothing', async () => {
    const before = dingtalk.received.length;
    const limitedCount = () =>
      dingtalk.received.slice(before).filter((r) => r.url.includes('limited')).length;
    await n.dispatcher.stop();
    for (let i = 0; i < 5; i++) {
      const body = {
        ...group({
          receiver: 'limited',
          groupKey: `lim-${i}-${Date.now()}`,
          alerts: [
            alert({
              fingerprint: `f${i}`,
              labels: { alertname: 'HighCPU', severity: 'critical', instance: `db-${i}` },
              annotations: { summary: `problem ${i}` },
            }),
          ],
        }),
        version: '4',
      };
      expect(
        (
          await fetch(`${n.url}/api/v1/alertmanager/webhook`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          })
        ).status,
      ).toBe(200);
    }
    n.dispatcher.start();
    await waitFor(async () => limitedCount() === 2, 10_000);
    const texts = dingtalk.received.slice(before).map((r) => JSON.parse(r.body).markdown.text as string);
    const summary = texts.find((t) => t.includes('[SUMMARY] 4 held back: 4 × HighCPU'));
    expect(summary).toContain('- **[critical] 4 × HighCPU** on db-1 … db-4');
    // as above: a notification is marked delivered only once the stand-in's answer is in
    let rows: Array<{ state: string; folded: boolean }> = [];
    await waitFor(async () => {
      ({ rows } = await db.pool.query(
        `SELECT state, folded FROM notifications WHERE receiver = 'limited' ORDER BY id`,
      ));
      return rows.every((r) => r.state === 'delivered');
    }, 5_000);
    expect(rows.map((r) => r.state)).toEqual(Array(5).fill('delivered'));
    expect(rows.filter((r) => r.folded)).toHaveLength(4);
  });
});
