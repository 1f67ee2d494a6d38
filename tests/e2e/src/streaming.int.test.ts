import { explainer } from './support/explain';
import { eventually } from './support/eventually';
import { findMail } from './support/mail';
import { pushSamples, runId, webhookPort } from './support/stack';
import { WebhookSink } from './support/webhook-sink';

// prometheus/streaming-rules/business.yml: PaymentErrorsHigh = payment_errors > 5, no `for`.
// Alertmanager's streaming route groups by alertname+instance+target with group_wait 0s and
// group_interval 30s, so a unique `instance` gets its own group: firing leaves at once, the
// resolved notification at the group's next interval (<= 30 s later).
const FIRE_WITHIN_MS = 15_000;
const RESOLVE_WITHIN_MS = 60_000;
const LOGS = ['collector', 'rule-evaluator', 'alertmanager', 'notifier', 'mailpit'] as const;

describe('streaming path: collector -> Kafka -> rule-evaluator -> Alertmanager -> notifier -> e-mail + webhook', () => {
  const instance = runId('e2e-stream');
  const labels = { service: 'checkout', instance };
  let sink: WebhookSink;
  let explain: () => Promise<string>;
  let firedAtMs = 0;

  beforeAll(async () => {
    sink = await WebhookSink.start(webhookPort());
    explain = explainer(sink, 'PaymentErrorsHigh', LOGS);
  });

  afterAll(async () => {
    // Leave nothing firing if a test failed half-way.
    await pushSamples([{ name: 'payment_errors', labels, value: 0 }]).catch(() => undefined);
    await sink?.close();
  });

  it('a pushed value over the threshold arrives as an e-mail and a webhook within seconds', async () => {
    const pushedAt = Date.now();
    await pushSamples([{ name: 'payment_errors', labels, value: 9 }]);

    const hook = await eventually(
      `webhook for PaymentErrorsHigh{instance="${instance}"} firing`,
      () => sink.find((a) => a.labels.instance === instance && a.status === 'firing'),
      FIRE_WITHIN_MS,
      explain,
    );
    expect(hook.received.payload.receiver).toBe('notifier-streaming');
    expect(hook.alert.labels).toMatchObject({
      alertname: 'PaymentErrorsHigh',
      severity: 'critical',
      source: 'streamwatch-evaluator',
      service: 'checkout',
    });
    expect(hook.alert.annotations.summary).toBe('9 payment errors reported by checkout');
    expect(hook.received.headers['x-streamwatch-idempotency-key']).toMatch(/^[0-9a-f]{32}$/);

    const mail = await eventually(
      `e-mail for PaymentErrorsHigh{instance="${instance}"} firing`,
      () =>
        findMail(
          (m) =>
            m.subject.startsWith('[FIRING') &&
            m.subject.includes('PaymentErrorsHigh') &&
            m.text.includes(`instance=${instance}`),
        ),
      FIRE_WITHIN_MS,
      explain,
    );
    expect(mail.to).toContain('oncall@streamwatch.local');
    expect(mail.text).toContain('9 payment errors reported by checkout');
    firedAtMs = hook.received.atMs;
    console.log(
      `streaming path: push -> webhook ${hook.received.atMs - pushedAt} ms, push -> mail stored ${mail.receivedAtMs - pushedAt} ms`,
    );
  });

  it('the value going back under the threshold brings the resolved e-mail and webhook', async () => {
    expect(firedAtMs).toBeGreaterThan(0);
    const pushedAt = Date.now();
    await pushSamples([{ name: 'payment_errors', labels, value: 1 }]);

    const hook = await eventually(
      `webhook for PaymentErrorsHigh{instance="${instance}"} resolved`,
      () =>
        sink.find(
          (a, p) => a.labels.instance === instance && a.status === 'resolved' && p.status === 'resolved',
        ),
      RESOLVE_WITHIN_MS,
      explain,
      250,
    );
    expect(hook.received.payload.receiver).toBe('notifier-streaming');
    expect(Date.parse(hook.alert.endsAt)).toBeGreaterThanOrEqual(Date.parse(hook.alert.startsAt));

    const mail = await eventually(
      `e-mail for PaymentErrorsHigh{instance="${instance}"} resolved`,
      () =>
        findMail(
          (m) =>
            m.subject.startsWith('[RESOLVED') &&
            m.subject.includes('PaymentErrorsHigh') &&
            m.text.includes(`instance=${instance}`),
        ),
      RESOLVE_WITHIN_MS,
      explain,
      250,
    );
    expect(mail.to).toContain('oncall@streamwatch.local');
    console.log(
      `streaming path: recovery push -> resolved webhook ${hook.received.atMs - pushedAt} ms (Alertmanager group_interval 30s)`,
    );
  });
});
