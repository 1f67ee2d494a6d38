import { waitFor } from '@streamwatch/test-support';
import { startAlertmanager, postAlerts, type AlertmanagerProcess } from '../test/alertmanager-process';
import { privateSchema, startTestNotifier, type TestNotifier } from '../test/harness';
import { startSink, type Sink } from '../test/sinks';

const TOKEN = 'am-bearer-token-for-reminders';

interface Delivered {
  status: string;
  title: string;
  text: string;
}

/**
 * Alertmanager's repeat_interval reminders reach the receivers, marked as reminders, while copies of
 * one notification still collapse: the receiver has two identical webhook configs, so Alertmanager
 * sends every notification, and every repeat, twice at the same moment (as HA peers do).
 */
describe('reminders from a real Alertmanager (repeat_interval)', () => {
  let db: Awaited<ReturnType<typeof privateSchema>>;
  let n: TestNotifier;
  let sink: Sink;
  let am: AlertmanagerProcess;
  const alertname = `ReminderIntTest${Date.now()}`;
  const firing = (): Delivered[] =>
    sink.received.map((r) => JSON.parse(r.body) as Delivered).filter((d) => d.status === 'firing');

  beforeAll(async () => {
    db = await privateSchema();
    sink = await startSink();
    n = await startTestNotifier({
      pool: db.pool,
      webhookToken: TOKEN,
      reminderMinIntervalMs: 1500,
      receiversYaml: `receivers:\n  - name: team-db\n    channels:\n      - { type: webhook, url: "${sink.url}/hook" }\n`,
    });
    const hook = `
      - url: ${n.url}/api/v1/alertmanager/webhook
        send_resolved: true
        http_config:
          authorization:
            credentials: ${TOKEN}`;
    am = await startAlertmanager(`
route:
  receiver: team-db
  group_by: [alertname]
  group_wait: 500ms
  group_interval: 1s
  repeat_interval: 3s
receivers:
  - name: team-db
    webhook_configs:${hook}${hook}
`);
  });
  afterAll(async () => {
    await am?.stop();
    await n.stop();
    await sink.close();
    await db.drop();
  });

  it('delivers each repeat once, as a numbered reminder, and absorbs the simultaneous copies', async () => {
    await postAlerts(am.url, [
      {
        labels: { alertname, severity: 'critical', instance: 'a' },
        annotations: { summary: 'still hot' },
        startsAt: new Date().toISOString(),
      },
    ]);
    await waitFor(async () => firing().length >= 3, 20_000);
    await am.stop();
    const got = firing();
    expect(got[0]?.title).toBe(`[FIRING:1] ${alertname} (critical)`);
    expect(got[1]?.title).toBe(`[REMINDER] [FIRING:1] ${alertname} (critical)`);
    expect(got[1]?.text).toMatch(/Reminder: still firing since \S+ \(reminder 1\)\./);
    expect(got[2]?.text).toContain('(reminder 2).');
    const { rows } = await db.pool.query<{ repeat_seq: number; c: number }>(
      `SELECT repeat_seq, count(*)::int AS c FROM notifications WHERE status = 'firing'
       GROUP BY repeat_seq ORDER BY repeat_seq`,
    );
    // one row per notification round, numbered without gaps; every second copy was a duplicate
    expect(rows.map((r) => r.c)).toEqual(rows.map(() => 1));
    expect(rows.map((r) => r.repeat_seq)).toEqual(rows.map((_, i) => i));
    expect(got).toHaveLength(rows.length);
    const hits = await n.registry.getSingleMetricAsString('streamwatch_notifier_dedupe_hits_total');
    expect(Number(/ (\d+)$/m.exec(hits)?.[1])).toBeGreaterThanOrEqual(rows.length);
  });
});
