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

  const post = (fp: string) =>
    fetch(`${n.url}/api/v1/alertmanager/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...group({ receiver: 'primary', groupKey: fp, alerts: [alert({ fingerprint: fp })] }),
        version: '4',
      }),
    });

  it('notifies the next step when nobody acknowledged, once', async () => {
    expect((await post('esc-1')).status).toBe(200);
    await run();
    await run();
    await waitFor(async () => secondary.received.length === 1, 10_000);
    expect(JSON.parse(secondary.received[0]?.body ?? '').title).toContain('HighCPU');
    expect(primary.received[0]?.body).toContain('http://notifier/api/v1/ack?fp=esc-1');
  });

  it('stops after an acknowledgement via the signed link, and rejects a forged one', async () => {
    expect((await post('esc-2')).status).toBe(200);
    const exp = Math.floor(Date.now() / 1000) + 60;
    expect((await fetch(`${n.url}/api/v1/ack?fp=esc-2&exp=${exp}&sig=forged`)).status).toBe(403);
    const ok = await fetch(`${n.url}/api/v1/ack?fp=esc-2&exp=${exp}&sig=${signAck(ACK, 'esc-2', exp)}`);
    expect(ok.status).toBe(200);
    const before = secondary.received.length;
    await run();
    await new Promise((r) => setTimeout(r, 300));
    expect(secondary.received.length).toBe(before);
    const { rows } = await db.pool.query(
      `SELECT state, acked_by FROM escalations WHERE fingerprint = 'esc-2'`,
    );
    expect(rows).toEqual([{ state: 'acked', acked_by: 'link' }]);
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
});
