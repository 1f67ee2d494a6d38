import { parse } from 'yaml';
import { resolveReceivers, receiversFileSchema } from './receivers';
import { expandSecrets } from './secrets-expansion';

const yaml = `
receivers:
  - name: team-db
    channels:
      - type: dingtalk
        url: https://oapi.dingtalk.com/robot/send?access_token=\${DT_TOKEN}
        secret_file: /run/secrets/dt
      - type: webhook
        name: sms
        url: http://sms.local/send
        concurrency: 4
        rate_limit: null
escalations:
  - name: crit
    match: { severity: critical }
    steps: [{ after: 5m, receivers: [team-db] }]
`;

describe('receivers config', () => {
  const files: Record<string, string> = { '/run/secrets/dt': 'SECdt\n' };
  const read = (p: string) => {
    const v = files[p];
    if (v === undefined) throw new Error('ENOENT');
    return v;
  };

  it('expands ${VAR} and *_file secrets and resolves channel identities and limits', () => {
    const { value, problems } = expandSecrets(parse(yaml), { DT_TOKEN: 'tok' }, read);
    expect(problems).toEqual([]);
    const r = resolveReceivers(receiversFileSchema.parse(value), 5000);
    const [dt, sms] = r.byName.get('team-db') ?? [];
    expect(dt?.key).toBe('team-db/dingtalk-0');
    expect(dt?.config).toMatchObject({
      url: 'https://oapi.dingtalk.com/robot/send?access_token=tok',
      secret: 'SECdt',
    });
    expect(dt?.rateLimit).toEqual({ count: 20, perMs: 60_000 });
    expect(sms?.key).toBe('team-db/sms');
    expect(sms?.rateLimit).toBeNull();
    expect(sms?.concurrency).toBe(4);
    expect(r.escalations[0]?.steps[0]?.after).toBe(300_000);
  });

  it('gives every channel type a default rate limit; `none` opts out', () => {
    const resolve = (channels: unknown[]) =>
      resolveReceivers(receiversFileSchema.parse({ receivers: [{ name: 'r', channels }] }), 1000).channels;
    const defaults = resolve([
      { type: 'email', to: ['a@example.com'] },
      { type: 'webhook', url: 'http://sms.local/send' },
      { type: 'slack', url: 'http://slack.local/x' },
      { type: 'dingtalk', url: 'http://dt.local/x' },
      { type: 'wecom', url: 'http://wc.local/x' },
      { type: 'feishu', url: 'http://fs.local/x' },
    ]).map((c) => [c.config.type, c.rateLimit?.count, c.rateLimit?.perMs]);
    expect(defaults).toEqual([
      ['email', 10, 60_000],
      ['webhook', 10, 60_000],
      ['slack', 60, 60_000],
      ['dingtalk', 20, 60_000],
      ['wecom', 20, 60_000],
      ['feishu', 100, 60_000],
    ]);
    const [none, legacy, large] = resolve([
      { type: 'email', to: ['a@example.com'], rate_limit: 'none' },
      { type: 'webhook', url: 'http://sms.local/send', rate_limit: null },
      { type: 'webhook', name: 'big', url: 'http://sms.local/send', rate_limit: { count: 1000, per: '1m' } },
    ]);
    expect(none?.rateLimit).toBeNull();
    expect(legacy?.rateLimit).toBeNull();
    expect(large?.rateLimit).toEqual({ count: 1000, perMs: 60_000 });
    for (const bad of [{ count: 5, per: '0s' }, { count: 5, per: '1m', burst: 2 }, 'off'])
      expect(
        receiversFileSchema.safeParse({
          receivers: [{ name: 'r', channels: [{ type: 'slack', url: 'http://x', rate_limit: bad }] }],
        }).success,
      ).toBe(false);
  });

  it('counts rate limits per destination: e-mail recipients, webhook URL and body template', () => {
    const file = receiversFileSchema.parse({
      receivers: [
        {
          name: 'a',
          channels: [
            { type: 'email', to: ['Oncall@example.com', 'db@example.com'] },
            { type: 'webhook', url: 'http://sms.local/send', body_template: { to: '+491' } },
          ],
        },
        {
          name: 'b',
          channels: [
            { type: 'email', to: ['db@example.com', 'oncall@example.com'] },
            { type: 'webhook', url: 'http://sms.local/send', body_template: { to: '+492' } },
            { type: 'email', name: 'other', to: ['oncall@example.com'] },
          ],
        },
      ],
    });
    const [mailA, smsA, mailB, smsB, other] = resolveReceivers(file, 1000).channels.map((c) => c.rateKey);
    expect(mailA).toBe(mailB);
    expect(other).not.toBe(mailA);
    expect(smsA).not.toBe(smsB);
  });

  it('lists every missing variable and unreadable file', () => {
    const { problems } = expandSecrets(parse(yaml.replace('/run/secrets/dt', '/nope')), {}, read);
    expect(problems).toEqual([
      'receivers[0].channels[0].url: environment variable DT_TOKEN is not set',
      'receivers[0].channels[0].secret_file: cannot read /nope',
    ]);
  });

  it('rejects unknown fields, bad URLs and escalations to unknown receivers', () => {
    expect(
      receiversFileSchema.safeParse({
        receivers: [{ name: 'x', channels: [{ type: 'slack', url: 'ftp://x' }] }],
      }).success,
    ).toBe(false);
    expect(
      receiversFileSchema.safeParse({
        receivers: [{ name: 'x', channels: [{ type: 'slack', url: 'http://x', to: 'y' }] }],
      }).success,
    ).toBe(false);
    const file = receiversFileSchema.parse({
      receivers: [{ name: 'x', channels: [{ type: 'slack', url: 'http://x' }] }],
      escalations: [{ name: 'e', match: {}, steps: [{ after: '1m', receivers: ['nobody'] }] }],
    });
    expect(() => resolveReceivers(file, 1000)).toThrow('unknown receiver "nobody"');
  });
});
