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
