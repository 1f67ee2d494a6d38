import { waitFor } from '@streamwatch/test-support';
import { AlertmanagerClient } from '../adapters/alertmanager.client';
import { startAlertmanager, postAlerts, type AlertmanagerProcess } from '../test/alertmanager-process';
import { privateSchema, startTestNotifier, type TestNotifier } from '../test/harness';
import { startSink, type Sink } from '../test/sinks';
import { createResolvedGuarantee } from './resolved-guarantee';

const TOKEN = 'am-bearer-token-for-notifier';

interface Delivered {
  status: string;
  idempotency_key: string;
  text: string;
  groups: Array<{
    alerts: Array<{ labels: Record<string, string>; status: string; endsAt: string }>;
    notice?: { kind: string; missingSince?: string };
  }>;
}

describe('a real Alertmanager routes to the notifier', () => {
  let db: Awaited<ReturnType<typeof privateSchema>>;
  let n: TestNotifier;
  let sink: Sink;
  let am: AlertmanagerProcess;
  const alertname = `NotifierIntTest${Date.now()}`;
  const delivered = (): Delivered[] => sink.received.map((r) => JSON.parse(r.body) as Delivered);

  beforeAll(async () => {
    db = await privateSchema();
    sink = await startSink();
    n = await startTestNotifier({
      pool: db.pool,
      webhookToken: TOKEN,
      receiversYaml: `receivers:\n  - name: team-db\n    channels:\n      - { type: webhook, url: "${sink.url}/hook" }\n`,
    });
    am = await startAlertmanager(`
route:
  receiver: team-db
  group_by: [alertname]
  group_wait: 500ms
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: team-db
    webhook_configs:
      - url: ${n.url}/api/v1/alertmanager/webhook
        send_resolved: true
        http_config:
          authorization:
            credentials: ${TOKEN}
`);
  });
  afterAll(async () => {
    await am?.stop();
    await n.stop();
    await sink.close();
    await db.drop();
  });

  it('delivers a firing alert posted to Alertmanager exactly once', async () => {
    const startsAt = new Date().toISOString();
    await postAlerts(am.url, [
      {
        labels: { alertname, severity: 'critical', instance: 'a' },
        annotations: { summary: 'from AM' },
        startsAt,
        generatorURL: 'http://prom/graph',
      },
    ]);
    await waitFor(async () => delivered().some((d) => d.status === 'firing'), 20_000);
    const firing = delivered().filter((d) => d.status === 'firing');
    expect(firing[0]?.groups[0]?.alerts[0]?.labels.alertname).toBe(alertname);
    expect(sink.received[0]?.headers['x-streamwatch-idempotency-key']).toBeDefined();
    const { rows } = await db.pool.query(
      `SELECT count(*)::int AS c FROM notifications WHERE status = 'firing'`,
    );
    expect(rows[0].c).toBe(1);
  });

  it('sends the resolved notice itself when the alert resolved while silenced', async () => {
    const now = Date.now();
    const silence = await fetch(`${am.url}/api/v2/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        matchers: [{ name: 'alertname', value: alertname, isRegex: false, isEqual: true }],
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
        createdBy: 'int-test',
        comment: 'maintenance',
      }),
    });
    expect(silence.status).toBe(200);
    const guarantee = createResolvedGuarantee({
      receipts: n.receipts,
      activeFingerprints: () => new AlertmanagerClient(am.url).activeFingerprints(),
      receivers: n.receivers,
      clock: { now: () => Date.now() },
      graceMs: 0,
      metrics: n.metrics,
      wake: (k) => n.dispatcher.wake(k),
    });
    await guarantee();
    const { rows: stillOpen } = await db.pool.query(
      `SELECT missing_since FROM alert_receipts WHERE NOT resolved`,
    );
    expect(stillOpen).toEqual([{ missing_since: null }]); // silenced but still active: not a resolution

    const firing = delivered().find((d) => d.status === 'firing');
    const startsAt = (await db.pool.query(`SELECT alert->'alert'->>'startsAt' AS s FROM alert_receipts`))
      .rows[0].s as string;
    await postAlerts(am.url, [
      { labels: firing?.groups[0]?.alerts[0]?.labels, startsAt, endsAt: new Date().toISOString() },
    ]);
    await waitFor(async () => (await new AlertmanagerClient(am.url).activeFingerprints()).size === 0, 10_000);
    await new Promise((r) => setTimeout(r, 2500)); // two group_intervals: Alertmanager would have sent it by now
    const fromAm = delivered().filter((d) => d.status === 'resolved').length;
    await guarantee(); // marks the alert missing
    const { rows: missing } = await db.pool.query(`SELECT missing_since FROM alert_receipts`);
    const missingSince = (missing[0].missing_since as Date).toISOString();
    await new Promise((r) => setTimeout(r, 1100));
    await guarantee(); // grace 0 passed: queue the resolved notice
    await waitFor(
      async () => delivered().filter((d) => d.status === 'resolved').length === fromAm + 1,
      10_000,
    );
    // the sink has answered, but the notification is marked delivered only once the answer is in
    let rows: Array<{ origin: string; state: string }> = [];
    await waitFor(async () => {
      ({ rows } = await db.pool.query(`SELECT origin, state FROM notifications WHERE status = 'resolved'`));
      return rows.some((r) => r.origin === 'resolved-guarantee' && r.state === 'delivered');
    }, 5_000);
    expect(rows).toContainEqual({ origin: 'resolved-guarantee', state: 'delivered' });
    expect(fromAm).toBe(0);
    // The notifier does not know when the alert ended: it says so, and gives the time it found the
    // alert gone rather than the (later) time it sent the notice.
    const notice = delivered().find((d) => d.status === 'resolved');
    expect(notice?.groups[0]?.alerts[0]?.endsAt).toBe(missingSince);
    expect(notice?.groups[0]?.notice).toEqual({ kind: 'inferred-end', missingSince });
    expect(notice?.text).toContain(
      `End time inferred: the alert was no longer active in Alertmanager at ${missingSince}`,
    );
  });

  it("gives the alert's own end in its resolved notice when the alerts topic told it", async () => {
    const fp = `known-end-${Date.now()}`;
    const res = await fetch(`${n.url}/api/v1/alertmanager/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({
        version: '4',
        receiver: 'team-db',
        status: 'firing',
        groupKey: fp,
        alerts: [
          {
            status: 'firing',
            labels: { alertname: 'KnownEnd' },
            startsAt: '2025-01-01T10:00:00Z',
            endsAt: '0001-01-01T00:00:00Z',
            fingerprint: fp,
          },
        ],
      }),
    });
    expect(res.status).toBe(200);
    // what history-ingest does with the rule-evaluator's resolved transition (resolvedAt)
    await n.receipts.setEnded(fp, new Date('2025-01-01T10:42:07.500Z'));
    const guarantee = createResolvedGuarantee({
      receipts: n.receipts,
      activeFingerprints: async () => new Set(),
      receivers: n.receivers,
      clock: { now: () => Date.now() },
      graceMs: 0,
      metrics: n.metrics,
      wake: (k) => n.dispatcher.wake(k),
    });
    await guarantee();
    const find = () =>
      delivered().find(
        (d) => d.status === 'resolved' && d.groups[0]?.alerts[0]?.labels.alertname === 'KnownEnd',
      );
    await waitFor(async () => find() !== undefined, 10_000);
    expect(find()?.groups[0]?.alerts[0]?.endsAt).toBe('2025-01-01T10:42:07.500Z');
    expect(find()?.groups[0]?.notice).toBeUndefined();
    expect(find()?.text).toContain('2025-01-01T10:00:00Z → 2025-01-01T10:42:07.500Z');
  });
});
