import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@streamwatch/metrics-core';
import { parseTargets, type LoadContext } from './load-targets';

const files: Record<string, string> = {
  '/run/secrets/pg': 'pg-secret\n',
  '/etc/ca.pem': '-----BEGIN CERTIFICATE-----',
};
const ctx = (env: Record<string, string> = {}): LoadContext => ({
  env,
  readFile: (p) => {
    if (!(p in files)) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    return files[p] as string;
  },
});

function problems(yaml: string, env: Record<string, string> = {}): string[] {
  try {
    parseTargets(yaml, ctx(env));
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).details.map((d) => `${d.field}: ${d.message}`);
  }
  throw new Error('expected a ConfigError');
}

describe('targets file', () => {
  it('applies defaults and resolves secrets from env, *_FILE and password_file', () => {
    const targets = parseTargets(
      `
defaults: { interval: 30s, timeout: 2s, failure_threshold: 3 }
targets:
  - { name: api, type: http, url: "https://api:8443/health", interval: 10s, tls: { ca_file: /etc/ca.pem },
      expect: { status: [200, 204], body_contains: ok, json: { path: $.status, equals: pass }, max_response_time: 750ms } }
  - { name: cache, type: redis, address: "redis:6379", password_env: REDIS_PASSWORD }
  - { name: db, type: postgres, address: "pg:5432", user: u, database: d, password_env: PGPASS }
  - { name: db2, type: postgres, address: "pg:5432", user: u, database: d, password_file: /run/secrets/pg, depends_on: [db] }
  - { name: bus, type: kafka, brokers: ["k1:9092"], topic: metrics.samples }
  - { name: port, type: tcp, address: "host:22", success_threshold: 2 }
  - { name: ns, type: dns, query: kafka.internal, server: "127.0.0.1:5353", expect_addresses: [10.0.0.1] }
`,
      ctx({ REDIS_PASSWORD: 'r-secret', PGPASS_FILE: '/run/secrets/pg' }),
    );
    expect(
      targets.map((t) => [t.name, t.intervalMs, t.timeoutMs, t.failureThreshold, t.successThreshold]),
    ).toEqual([
      ['api', 10_000, 2000, 3, 1],
      ['cache', 30_000, 2000, 3, 1],
      ['db', 30_000, 2000, 3, 1],
      ['db2', 30_000, 2000, 3, 1],
      ['bus', 30_000, 2000, 3, 1],
      ['port', 30_000, 2000, 3, 2],
      ['ns', 30_000, 2000, 3, 1],
    ]);
    expect(targets[0]?.probe).toEqual({
      type: 'http',
      url: 'https://api:8443/health',
      method: 'GET',
      headers: {},
      expectedStatus: [200, 204],
      bodyContains: 'ok',
      json: { path: '$.status', equals: 'pass' },
      maxResponseTimeMs: 750,
      tls: { insecureSkipVerify: false, ca: '-----BEGIN CERTIFICATE-----' },
    });
    expect(targets[1]?.probe).toEqual({ type: 'redis', host: 'redis', port: 6379, password: 'r-secret' });
    expect(targets[2]?.probe).toMatchObject({ password: 'pg-secret' });
    expect(targets[3]?.probe).toMatchObject({ password: 'pg-secret' });
    expect(targets[3]?.dependsOn).toEqual(['db']);
    expect(targets[6]?.probe).toEqual({
      type: 'dns',
      query: 'kafka.internal',
      recordType: 'A',
      server: '127.0.0.1:5353',
      expectAddresses: ['10.0.0.1'],
    });
  });

  it('lists every problem, naming the target and the field', () => {
    const found = problems(`
targets:
  - { name: api, type: http, url: "ftp://x", interval: 10 seconds, expect: { status: [700] } }
  - { name: cache, type: redis, address: redis, password_env: MISSING_SECRET }
  - { name: web, type: htttp }
  - { type: tcp, address: "a:1" }
  - { name: slow, type: tcp, address: "a:1", interval: 1s, timeout: 2s, depends_on: [nowhere, slow] }
  - { name: db, type: postgres, address: "pg:5432", user: u, database: d, password_file: /nope, colour: red }
`);
    expect(found).toEqual([
      'target "api".interval: "10 seconds" is not a duration like 500ms, 10s, 1m',
      'target "api".url: Invalid URL',
      'target "api".expect.status.0: Too big: expected number to be <=599',
      'target "cache".address: expected host:port',
      `target "web".type: Invalid discriminator value. Expected 'http' | 'tcp' | 'redis' | 'postgres' | 'kafka' | 'dns'`,
      'targets[3].name: Invalid input: expected string, received undefined',
      'target "slow".timeout: timeout (2000 ms) must not exceed interval (1000 ms)',
      'target "db".(target): Unrecognized key: "colour"',
      'target "slow".depends_on: unknown target "nowhere"',
      'target "slow".depends_on: a target cannot depend on itself',
    ]);
  });

  it('reports missing secrets, unreadable files, duplicates and cycles', () => {
    const found = problems(`
targets:
  - { name: cache, type: redis, address: "redis:6379", password_env: MISSING_SECRET }
  - { name: db, type: postgres, address: "pg:5432", user: u, database: d, password_file: /nope }
  - { name: api, type: http, url: "https://x", tls: { ca_file: /missing.pem }, depends_on: [b] }
  - { name: b, type: tcp, address: "a:1", depends_on: [api] }
  - { name: c, type: tcp, address: "a:2" }
  - { name: c, type: tcp, address: "a:3" }
`);
    expect(found).toEqual([
      'target "cache".password_env: environment variable MISSING_SECRET (or MISSING_SECRET_FILE) is not set',
      'target "db".password_file: cannot read /nope: ENOENT',
      'target "api".tls.ca_file: cannot read /missing.pem: ENOENT',
      'target "c".name: duplicate target name "c"',
      'target "api".depends_on: dependency cycle api -> b -> api',
    ]);
  });

  it('rejects a file without targets or with bad YAML', () => {
    expect(problems('targets: []')).toEqual(['targets file.targets: at least one target']);
    expect(() => parseTargets('targets: [', ctx())).toThrow(/invalid YAML/);
  });

  it('accepts the default targets file shipped with the service', () => {
    const text = readFileSync(join(__dirname, '../../config/targets.yml'), 'utf8');
    const targets = parseTargets(text, ctx({ REDIS_PASSWORD: 'x', POSTGRES_PASSWORD: 'y' }));
    expect(targets.map((t) => t.name)).toEqual([
      'kafka',
      'redis',
      'postgres',
      'collector',
      'rule-evaluator',
      'notifier',
      'health-check',
      'prometheus',
      'alertmanager',
      'grafana',
    ]);
    expect(targets.find((t) => t.name === 'collector')?.dependsOn).toEqual(['kafka']);
  });
});
