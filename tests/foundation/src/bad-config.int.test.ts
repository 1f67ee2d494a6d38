import { freePort, startService } from '@streamwatch/test-support';
import { entryOf, serviceEnv, SERVICES } from './services';

describe.each(SERVICES)('%s with bad configuration', (service) => {
  it('exits non-zero listing every problem', async () => {
    const env: Record<string, string> = {
      ...serviceEnv(service),
      KAFKA_BROKERS: '',
      SHUTDOWN_DEADLINE_MS: 'soon',
      LOG_LEVEL: 'loud',
    };
    if ('DATABASE_URL' in env) env.DATABASE_URL = 'mysql://nope';
    const proc = startService(entryOf(service), env, await freePort());
    const code = await proc.exited;
    expect(code).toBe(78);
    const out = proc.output();
    expect(out).toContain('invalid configuration');
    for (const field of ['KAFKA_BROKERS', 'SHUTDOWN_DEADLINE_MS', 'LOG_LEVEL'])
      expect(out).toContain(`- ${field}:`);
    if (env.DATABASE_URL) expect(out).toContain('- DATABASE_URL:');
  });
});

describe.each([
  ['collector', 'INGEST_TOKEN'],
  ['rule-evaluator', 'RULES_API_TOKEN'],
  ['notifier', 'API_TOKEN'],
  ['notifier', 'WEBHOOK_BEARER_TOKEN'],
] as const)('%s without %s', (service, token) => {
  it('refuses to start rather than serve its write API open', async () => {
    const { [token]: _removed, ...env } = serviceEnv(service);
    const proc = startService(entryOf(service), env, await freePort());
    expect(await proc.exited).toBe(78);
    expect(proc.output()).toContain(`- ${token}: required`);
  });
});
