import type { AlertGroup } from '../domain/alert-group';
import { renderSummary } from '../domain/summary';
import { alert, FakeClock, group } from '../test/fixtures';
import { FakeHttp } from '../test/fake-http';
import type { OutgoingMessage } from './channel';
import { dingtalkChannel } from './dingtalk';
import { feishuChannel } from './feishu';
import { slackChannel } from './slack';
import { SUMMARY_MAX_GROUPS, webhookChannel } from './webhook';
import { wecomChannel } from './wecom';

const clock = new FakeClock(1_700_000_000_000);
const ok = (body: string) => () => ({ status: 200, headers: {}, body });

/** 1000 notifications: 700 DiskFull on node-000 … node-699, then 300 alert names of one alert each. */
function storm(): AlertGroup[] {
  return Array.from({ length: 1000 }, (_, i) => {
    const name = i < 700 ? 'DiskFull' : `Rule${i}WithAFairlyLongNameAsTeamsWriteThem`;
    const instance = `node-${String(i).padStart(3, '0')}`;
    return group({
      groupKey: `{}:{instance="${instance}"}`,
      alerts: [
        alert({
          fingerprint: `fp${i}`,
          labels: { alertname: name, severity: 'critical', instance },
          annotations: { summary: `${name} on ${instance}`, description: 'x'.repeat(500) },
        }),
      ],
    });
  });
}

function summaryMessage(): OutgoingMessage {
  const groups = storm();
  return {
    rendered: renderSummary(groups),
    groups,
    receiver: 'team-db',
    status: 'firing',
    idempotencyKey: 'fold-1',
    folded: true,
  };
}

describe('a summary of a storm on every channel', () => {
  const m = summaryMessage();
  const body = (http: FakeHttp) => JSON.parse(http.sent[0]?.body ?? '') as Record<string, unknown>;

  it('reaches every chat channel whole, within its size limit', async () => {
    const wecom = new FakeHttp(ok('{"errcode":0}'));
    await wecomChannel({ url: 'http://wc.local/x' }, wecom, clock).send(m, 1000);
    expect(body(wecom)).toMatchObject({ markdown: { content: m.rendered.markdown } });
    const dingtalk = new FakeHttp(ok('{"errcode":0}'));
    await dingtalkChannel({ url: 'http://dt.local/x' }, dingtalk, clock).send(m, 1000);
    expect(body(dingtalk)).toMatchObject({ markdown: { text: m.rendered.markdown } });
    const feishu = new FakeHttp(ok('{"code":0}'));
    await feishuChannel({ url: 'http://fs.local/x' }, feishu, clock).send(m, 1000);
    expect(JSON.stringify(body(feishu))).toContain(JSON.stringify(m.rendered.markdown));
    const slack = new FakeHttp(ok('ok'));
    await slackChannel({ url: 'http://slack.local/x' }, slack, clock).send(m, 1000);
    expect(body(slack)).toEqual({ text: m.rendered.text });
    expect(m.rendered.text).toContain('• [critical] 700 × DiskFull on node-000 … node-699');
  });

  it('gives a webhook a bounded body and an SMS template a one-line summary', async () => {
    const hook = new FakeHttp(ok(''));
    const cfg = { url: 'http://hook.local/x', signature_header: 'X-Sig', headers: {} };
    await webhookChannel(cfg, hook, clock).send(m, 1000);
    const sent = body(hook) as { groups: unknown[]; groups_omitted: number; alert_count: number };
    expect(sent.groups).toHaveLength(SUMMARY_MAX_GROUPS);
    expect(sent.groups_omitted).toBe(1000 - SUMMARY_MAX_GROUPS);
    expect(sent.alert_count).toBe(1000);
    expect(Buffer.byteLength(hook.sent[0]?.body ?? '')).toBeLessThan(32_000);

    const sms = new FakeHttp(ok(''));
    const template = { to: '+4915100000', text: '{{title}} — {{summary}}' };
    await webhookChannel({ ...cfg, body_template: template }, sms, clock).send(m, 1000);
    expect(body(sms)).toEqual({
      to: '+4915100000',
      text:
        '[SUMMARY] 1000 held back: 700 × DiskFull, 1 × Rule700WithAFairlyLongNameAsTeamsWriteThem, +299 more' +
        ' — [critical] 700 × DiskFull on node-000 … node-699 (+300 more)',
    });
  });
});
