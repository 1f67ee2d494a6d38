import { createHmac } from 'node:crypto';
import { renderGroup } from '../domain/templates';
import { FakeClock, group } from '../test/fixtures';
import { FakeHttp } from '../test/fake-http';
import type { OutgoingMessage } from './channel';
import { dingtalkChannel } from './dingtalk';
import { feishuChannel } from './feishu';
import { slackChannel } from './slack';
import { webhookChannel } from './webhook';
import { wecomChannel } from './wecom';

const clock = new FakeClock(1_700_000_000_000);
const msg: OutgoingMessage = {
  rendered: renderGroup(group()),
  groups: [group()],
  receiver: 'team-db',
  status: 'firing',
  idempotencyKey: 'idem-1',
  folded: false,
};
const ok = (body: string) => () => ({ status: 200, headers: {}, body });

describe('channels', () => {
  it('DingTalk: signed URL, markdown body, errcode checked', async () => {
    const http = new FakeHttp(ok('{"errcode":310000,"errmsg":"sign not match"}'));
    const out = await dingtalkChannel(
      { url: 'https://dt.local/robot/send?access_token=t', secret: 'SEC1' },
      http,
      clock,
    ).send(msg, 1000);
    const sign = encodeURIComponent(
      createHmac('sha256', 'SEC1').update('1700000000000\nSEC1').digest('base64'),
    );
    expect(http.sent[0]?.url).toBe(
      `https://dt.local/robot/send?access_token=t&timestamp=1700000000000&sign=${sign}`,
    );
    expect(JSON.parse(http.sent[0]?.body ?? '')).toEqual({
      msgtype: 'markdown',
      markdown: { title: msg.rendered.title, text: msg.rendered.markdown },
    });
    expect(out).toMatchObject({
      result: 'failed',
      reason: 'provider_error',
      retriable: false,
      providerStatus: 200,
    });
  });

  it('DingTalk: "send too fast" is a retriable rate limit', async () => {
    const http = new FakeHttp(ok('{"errcode":130101,"errmsg":"send too fast"}'));
    expect(await dingtalkChannel({ url: 'https://dt.local/x' }, http, clock).send(msg, 1000)).toMatchObject({
      reason: 'rate_limited',
      retriable: true,
    });
  });

  it('WeCom: markdown content capped at 4096 bytes, errcode 0 is success', async () => {
    const http = new FakeHttp(ok('{"errcode":0,"errmsg":"ok"}'));
    const big = { ...msg, rendered: { ...msg.rendered, markdown: '告'.repeat(5000) } };
    const out = await wecomChannel({ url: 'https://wc.local/send?key=k' }, http, clock).send(big, 1000);
    const body = JSON.parse(http.sent[0]?.body ?? '') as { msgtype: string; markdown: { content: string } };
    expect(body.msgtype).toBe('markdown');
    expect(Buffer.byteLength(body.markdown.content)).toBeLessThanOrEqual(4096);
    expect(out.result).toBe('delivered');
  });

  it('Feishu: signed card, non-zero code is a failure', async () => {
    const http = new FakeHttp(ok('{"code":19021,"msg":"sign match fail"}'));
    const out = await feishuChannel({ url: 'https://fs.local/hook/x', secret: 'fsec' }, http, clock).send(
      msg,
      1000,
    );
    const body = JSON.parse(http.sent[0]?.body ?? '') as Record<string, unknown>;
    expect(body.timestamp).toBe('1700000000');
    expect(body.sign).toBe(createHmac('sha256', '1700000000\nfsec').update('').digest('base64'));
    expect(body.msg_type).toBe('interactive');
    expect(out).toMatchObject({ result: 'failed', reason: 'provider_error' });
  });

  it('Slack: 429 is retried after Retry-After', async () => {
    const http = new FakeHttp(() => ({ status: 429, headers: { 'retry-after': '7' }, body: 'rate_limited' }));
    const out = await slackChannel({ url: 'https://hooks.slack.local/x' }, http, clock).send(msg, 1000);
    expect(JSON.parse(http.sent[0]?.body ?? '')).toEqual({ text: msg.rendered.text });
    expect(out).toEqual({
      result: 'failed',
      reason: 'rate_limited',
      retriable: true,
      providerStatus: 429,
      response: 'rate_limited',
      retryAfterMs: 7000,
    });
  });

  it('webhook: idempotency key, HMAC signature, templated body; redirects and 4xx are final; timeouts retried', async () => {
    const http = new FakeHttp(() => ({ status: 302, headers: { location: 'http://elsewhere' }, body: '' }));
    const ch = webhookChannel(
      {
        url: 'http://sms.local/send',
        secret: 'wsec',
        signature_header: 'X-Sig',
        headers: { 'X-Api': 'a' },
        body_template: { to: '+49', text: '{{title}}' },
      },
      http,
      clock,
    );
    const out = await ch.send(msg, 1000);
    const req = http.sent[0];
    expect(req?.body).toBe(JSON.stringify({ to: '+49', text: msg.rendered.title }));
    expect(req?.headers['X-Streamwatch-Idempotency-Key']).toBe('idem-1');
    expect(req?.headers['X-Api']).toBe('a');
    expect(req?.headers['X-Sig']).toBe(
      `sha256=${createHmac('sha256', 'wsec').update(`1700000000.${req?.body}`).digest('hex')}`,
    );
    expect(out).toMatchObject({ result: 'failed', reason: 'redirect', retriable: false });
    const timeout = await webhookChannel(
      { url: 'http://x', signature_header: 'X', headers: {} },
      new FakeHttp(() => 'timeout'),
      clock,
    ).send(msg, 1000);
    expect(timeout).toMatchObject({ result: 'failed', reason: 'timeout', retriable: true });
  });
});
