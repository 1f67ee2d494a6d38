import { explainer } from './support/explain';
import { eventually } from './support/eventually';
import { findMail } from './support/mail';
import { commandLine, getJson, pidOf, STACK, STATE_DIR, webhookPort } from './support/stack';
import { WebhookSink } from './support/webhook-sink';

// The health-check probes http://prometheus:9090/-/ready every 15 s with a 5 s timeout
// (services/health-check/config/targets.yml) and publishes probe_success to Kafka; the streaming
// rule ProbeFailed (prometheus/streaming-rules/health.yml) is max by (target, type)(probe_success) == 0.
// The test freezes the stack's Prometheus (SIGSTOP: a hung server, the probe times out) rather than
// killing it, so it resumes with SIGCONT and nothing has to be restarted. Prometheus is in no other
// part of this path.
const DELIVER_WITHIN_MS = 75_000;
const LOGS = ['health-check', 'collector', 'rule-evaluator', 'alertmanager', 'notifier'] as const;

interface TargetView {
  status: string;
  lastError?: { reason: string; message: string };
}

async function prometheusTarget(): Promise<TargetView> {
  return getJson<TargetView>(`${STACK.healthCheck}/api/v1/targets/prometheus`);
}

describe('health path: a probed target fails -> health-check -> Kafka -> ProbeFailed -> Alertmanager -> notifier', () => {
  let sink: WebhookSink;
  let explain: () => Promise<string>;
  let frozenPid: number | undefined;

  beforeAll(async () => {
    sink = await WebhookSink.start(webhookPort());
    explain = explainer(
      sink,
      'ProbeFailed',
      LOGS,
      async () =>
        `---- health-check target prometheus: ${JSON.stringify(await prometheusTarget().catch((e: Error) => e.message))}`,
    );
    await eventually(
      'health-check target prometheus up before the test',
      async () => ((await prometheusTarget()).status === 'up' ? true : undefined),
      40_000,
      explain,
      1000,
    );
  });

  afterAll(async () => {
    if (frozenPid !== undefined) process.kill(frozenPid, 'SIGCONT');
    await sink?.close();
  });

  it('ProbeFailed{target="prometheus"} fires while Prometheus hangs and is delivered by e-mail and webhook', async () => {
    const pid = pidOf('prometheus');
    expect(commandLine(pid)).toContain(`--config.file=${STATE_DIR}/stack/`); // the stack's instance, not someone else's
    const frozenAt = Date.now();
    process.kill(pid, 'SIGSTOP');
    frozenPid = pid;

    const hook = await eventually(
      'webhook for ProbeFailed{target="prometheus"} firing',
      () =>
        sink.find(
          (a) =>
            a.labels.alertname === 'ProbeFailed' &&
            a.labels.target === 'prometheus' &&
            a.status === 'firing' &&
            Date.parse(a.startsAt) >= frozenAt - 6000,
        ),
      DELIVER_WITHIN_MS,
      explain,
      250,
    );
    expect(hook.received.payload.receiver).toBe('notifier-streaming');
    expect(hook.alert.labels).toMatchObject({
      type: 'http',
      severity: 'critical',
      source: 'streamwatch-evaluator',
    });
    expect(hook.alert.annotations.summary).toBe('Health probe of prometheus (http) fails');

    const mail = await eventually(
      'e-mail for ProbeFailed{target="prometheus"} firing',
      () =>
        findMail(
          (m) =>
            m.subject.startsWith('[FIRING') &&
            m.subject.includes('ProbeFailed') &&
            m.text.includes('Health probe of prometheus') &&
            m.receivedAtMs >= frozenAt,
        ),
      15_000,
      explain,
      250,
    );
    expect(mail.to).toContain('oncall@streamwatch.local');
    const target = await prometheusTarget();
    expect(['timeout', 'connection']).toContain(target.lastError?.reason);
    console.log(
      `health path: Prometheus frozen -> webhook ${hook.received.atMs - frozenAt} ms, -> mail ${mail.receivedAtMs - frozenAt} ms`,
    );
  }, 120_000);
});
