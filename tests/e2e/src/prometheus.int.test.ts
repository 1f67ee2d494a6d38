import { infra } from '@streamwatch/test-support';
import { explainer } from './support/explain';
import { eventually } from './support/eventually';
import { findMail } from './support/mail';
import { getJson, STACK, webhookPort } from './support/stack';
import { WebhookSink } from './support/webhook-sink';

// prometheus/rules/services.yml: ExporterDown = up{job=~"node|..."} == 0 for 1m, severity warning.
// (Only instance="node-exporter:9100": other tests may remote-write their own up{job="node"} series.)
// With the project's 15 s scrape/evaluation intervals it fires 60-90 s after the stop, and
// Alertmanager's warning route waits group_wait 30s: delivery is expected 90-120 s after the stop.
const DELIVER_WITHIN_MS = 180_000;
const LOGS = ['prometheus', 'alertmanager', 'notifier', 'mailpit'] as const;

interface QueryResult {
  data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
}

async function nodeUp(): Promise<string | undefined> {
  const q = await getJson<QueryResult>(
    `${STACK.prometheus}/api/v1/query?query=${encodeURIComponent('up{job="node",instance="node-exporter:9100"}')}`,
  );
  return q.data.result[0]?.value[1];
}

async function prometheusAlerts(): Promise<string> {
  try {
    const a = await getJson<{
      data: { alerts: Array<{ labels: Record<string, string>; state: string; activeAt: string }> };
    }>(`${STACK.prometheus}/api/v1/alerts`);
    const lines = a.data.alerts.map((x) => `  ${x.state} since ${x.activeAt} ${JSON.stringify(x.labels)}`);
    return `---- Prometheus alerts (${lines.length})\n${lines.join('\n')}\n---- up{job="node"} = ${await nodeUp()}`;
  } catch (err) {
    return `---- Prometheus unreadable: ${(err as Error).message}`;
  }
}

describe('Prometheus path: node-exporter stops -> Prometheus rule -> Alertmanager -> notifier -> e-mail + webhook', () => {
  let sink: WebhookSink;
  let explain: () => Promise<string>;

  beforeAll(async () => {
    sink = await WebhookSink.start(webhookPort());
    explain = explainer(sink, 'ExporterDown', LOGS, prometheusAlerts);
    await eventually(
      'up{job="node"} == 1 before the test',
      async () => ((await nodeUp()) === '1' ? true : undefined),
      40_000,
      explain,
      1000,
    );
  });

  afterAll(async () => {
    infra('up', 'node-exporter');
    await sink?.close();
  });

  it('ExporterDown fires for job="node" and is delivered by e-mail and webhook', async () => {
    const stoppedAt = Date.now();
    infra('down', 'node-exporter');

    await eventually(
      'Prometheus scraping up{job="node"} == 0',
      async () => ((await nodeUp()) === '0' ? true : undefined),
      40_000,
      explain,
      1000,
    );
    const hook = await eventually(
      'webhook for ExporterDown{job="node"} firing',
      () =>
        sink.find(
          (a) =>
            a.labels.alertname === 'ExporterDown' &&
            a.labels.job === 'node' &&
            a.status === 'firing' &&
            Date.parse(a.startsAt) >= stoppedAt - 1000,
        ),
      DELIVER_WITHIN_MS,
      explain,
      500,
    );
    expect(hook.received.payload.receiver).toBe('notifier-warning');
    expect(hook.alert.labels).toMatchObject({
      severity: 'warning',
      instance: 'node-exporter:9100',
      stack: 'streamwatch',
    });
    expect(hook.alert.annotations.summary).toBe('Exporter node (node-exporter:9100) is down');

    const mail = await eventually(
      'e-mail for ExporterDown{job="node"} firing',
      () =>
        findMail(
          (m) =>
            m.subject.startsWith('[FIRING') &&
            m.subject.includes('ExporterDown') &&
            m.text.includes('node-exporter:9100') &&
            m.receivedAtMs >= stoppedAt,
        ),
      30_000,
      explain,
      500,
    );
    expect(mail.to).toContain('team@streamwatch.local');
    console.log(
      `Prometheus path: node-exporter stop -> webhook ${hook.received.atMs - stoppedAt} ms, -> mail ${mail.receivedAtMs - stoppedAt} ms`,
    );
  }, 240_000);
});
