import { waitFor } from '@streamwatch/test-support';
import type { AlertStatus } from '../domain/alert-group';
import { alert, group } from '../test/fixtures';
import { privateSchema, startTestNotifier, type TestNotifier } from '../test/harness';
import { startSink, type Sink } from '../test/sinks';
import { startSmtpSink, type SmtpSink } from '../test/smtp-sink';

const WEBHOOK_TOKEN = 'storm-webhook-token-1234';
const API_TOKEN = 'storm-api-token-5678';
const N = 300;
const MINUTE = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What Alertmanager sends when it groups by instance: one notification per alert. */
function diskFull(i: number, status: AlertStatus) {
  const instance = `node-${String(i).padStart(3, '0')}`;
  const labels = { alertname: 'DiskFull', severity: 'critical', instance, job: 'node' };
  return {
    ...group({
      receiver: 'oncall',
      status,
      groupKey: `{}:{alertname="DiskFull", instance="${instance}"}`,
      groupLabels: { alertname: 'DiskFull', instance },
      commonLabels: labels,
      alerts: [
        alert({
          status,
          fingerprint: `disk${i}`,
          labels,
          annotations: { summary: `Disk almost full on ${instance}` },
          endsAt: status === 'resolved' ? '2025-01-01T10:30:00Z' : '0001-01-01T00:00:00Z',
        }),
      ],
    }),
    version: '4',
  };
}

/**
 * 300 alerts at once to a receiver with an e-mail and an SMS webhook channel, both with their
 * default limit (10 a minute per destination), then the 300 resolved notices: each channel sends at
 * most its limit per window, sums up the rest in summaries, and the ledger keeps every notification.
 */
describe('an alert storm on e-mail and an SMS webhook with their default rate limits', () => {
  let db: Awaited<ReturnType<typeof privateSchema>>;
  let n: TestNotifier;
  let smtp: SmtpSink;
  let sms: Sink;

  beforeAll(async () => {
    db = await privateSchema();
    smtp = await startSmtpSink();
    sms = await startSink((_r, res) => res.end('{"ok":true}'));
    n = await startTestNotifier({
      pool: db.pool,
      smtpUrl: smtp.url,
      webhookToken: WEBHOOK_TOKEN,
      apiToken: API_TOKEN,
      receiversYaml: `
receivers:
  - name: oncall
    channels:
      - { type: email, to: [oncall@example.com] }
      - type: webhook
        name: sms
        url: "${sms.url}/send"
        body_template: { to: "+4915100000", text: "{{title}} — {{summary}}" }
`,
    });
  });
  afterAll(async () => {
    await n.stop();
    await sms.close();
    await smtp.close();
    await db.drop();
  });

  /** Queues the whole storm before the workers look, as when 300 notifications arrive in a moment. */
  async function storm(status: AlertStatus): Promise<void> {
    await n.dispatcher.stop();
    for (let i = 0; i < N; i++) {
      const res = await fetch(`${n.url}/api/v1/alertmanager/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${WEBHOOK_TOKEN}` },
        body: JSON.stringify(diskFull(i, status)),
      });
      expect(res.status).toBe(200);
    }
    n.dispatcher.start();
  }

  async function settled(total: number, timeoutMs: number): Promise<void> {
    await waitFor(async () => {
      const { rows } = await db.pool.query<{ done: number }>(
        `SELECT count(*) FILTER (WHERE state = 'delivered')::int AS done FROM notifications`,
      );
      return rows[0]?.done === total;
    }, timeoutMs);
  }

  const smsTexts = () => sms.received.map((r) => (JSON.parse(r.body) as { text: string }).text);
  const summaries = (texts: string[]) => texts.filter((t) => t.startsWith('[SUMMARY]'));

  it('sends at most the limit plus a summary per window, loses nothing, and does the same for the resolved storm', async () => {
    // Both storms fall into one minute's window (the limiter's windows are wall-clock minutes).
    const into = Date.now() % MINUTE;
    if (into > 25_000) await sleep(MINUTE - into + 200);
    const window = Math.floor(Date.now() / MINUTE);

    await storm('firing');
    await settled(2 * N, 30_000);
    // E-mail: a round sends 8 (its budget) of the 10 the window allows: 7 alone, 293 in one summary.
    expect(smtp.mails).toHaveLength(8);
    const [mailSummary, ...moreMail] = smtp.mails.filter((m) => m.subject.startsWith('[SUMMARY]'));
    expect(moreMail).toHaveLength(0);
    expect(mailSummary?.subject).toBe('[SUMMARY] 293 held back: 293 × DiskFull');
    expect(mailSummary?.text).toContain('• [critical] 293 × DiskFull on node-007 … node-299');
    expect(mailSummary?.text).toContain(
      'Alertmanager: http://alertmanager.local:9093/#/alerts?filter=%7Balertname%3D%22DiskFull%22%7D',
    );
    // SMS: the window's 10: 9 alone, 291 in one summary, one line for the phone.
    expect(sms.received).toHaveLength(10);
    expect(summaries(smsTexts())).toEqual([
      '[SUMMARY] 291 held back: 291 × DiskFull — [critical] 291 × DiskFull on node-009 … node-299',
    ]);

    await storm('resolved');
    // E-mail has 2 sends left in this window: 1 alone, 299 in one summary. SMS has none left: the
    // resolved notices wait for the next window and go as 9 alone and one summary there.
    await settled(4 * N, 2 * MINUTE);
    expect(Math.floor(Date.now() / MINUTE)).toBeGreaterThan(window);
    expect(smtp.mails).toHaveLength(10);
    expect(smtp.mails.map((m) => m.subject).filter((s) => s.startsWith('[SUMMARY]'))).toEqual([
      '[SUMMARY] 293 held back: 293 × DiskFull',
      '[SUMMARY] 299 held back: 299 × DiskFull resolved',
    ]);
    expect(smtp.mails[9]?.text).toContain('• [critical] 299 × DiskFull resolved on node-001 … node-299');
    expect(sms.received).toHaveLength(20);
    expect(summaries(smsTexts().slice(10))).toEqual([
      '[SUMMARY] 291 held back: 291 × DiskFull resolved — [critical] 291 × DiskFull resolved on node-009 … node-299',
    ]);
  }, 180_000);

  it('keeps every notification in the ledger, each summed up one pointing at its summary', async () => {
    const { rows } = await db.pool.query<{ channel_type: string; status: string; n: number; folded: number }>(
      `SELECT channel_type, status, count(*)::int AS n, count(summary_id)::int AS folded
       FROM notifications WHERE state = 'delivered' AND folded GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(rows).toEqual([
      { channel_type: 'email', status: 'firing', n: 293, folded: 293 },
      { channel_type: 'email', status: 'resolved', n: 299, folded: 299 },
      { channel_type: 'webhook', status: 'firing', n: 291, folded: 291 },
      { channel_type: 'webhook', status: 'resolved', n: 291, folded: 291 },
    ]);
    const { rows: counts } = await db.pool.query<{ total: number; once: number }>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE ok = 1)::int AS once FROM (
         SELECT n.id, count(a.*) FILTER (WHERE a.outcome = 'delivered')::int AS ok
         FROM notifications n LEFT JOIN delivery_attempts a ON a.notification_id = n.id GROUP BY n.id) t`,
    );
    expect(counts[0]).toEqual({ total: 4 * N, once: 4 * N });
    const { rows: sums } = await db.pool.query<{ notifications: number; title: string; pointing: number }>(
      `SELECT s.notifications, s.title, (SELECT count(*)::int FROM notifications n WHERE n.summary_id = s.id) AS pointing
       FROM summaries s ORDER BY s.channel_key, s.id`,
    );
    expect(sums.map((s) => [s.notifications, s.pointing, s.title])).toEqual([
      [293, 293, '[SUMMARY] 293 held back: 293 × DiskFull'],
      [299, 299, '[SUMMARY] 299 held back: 299 × DiskFull resolved'],
      [291, 291, '[SUMMARY] 291 held back: 291 × DiskFull'],
      [291, 291, '[SUMMARY] 291 held back: 291 × DiskFull resolved'],
    ]);

    const auth = { authorization: `Bearer ${API_TOKEN}` };
    const list = (await (
      await fetch(`${n.url}/api/v1/notifications?channel=webhook&limit=1000`, { headers: auth })
    ).json()) as { notifications: Array<{ id: number; folded: boolean; summary_id: string | null }> };
    expect(list.notifications).toHaveLength(2 * N);
    const folded = list.notifications.filter((x) => x.folded);
    expect(folded).toHaveLength(2 * 291);
    expect(folded.every((x) => x.summary_id !== null)).toBe(true);
    const one = (await (
      await fetch(`${n.url}/api/v1/notifications/${folded[0]?.id}`, { headers: auth })
    ).json()) as { summary_id: string; attempts: Array<{ folded_count: number; summary_id: string }> };
    expect(one.attempts).toEqual([
      expect.objectContaining({ folded_count: 291, summary_id: one.summary_id }),
    ]);
  });
});
