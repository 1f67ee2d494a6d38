import { execFile } from 'node:child_process';
import http from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createKafka, decodeSampleBatch, silentLogger } from '@streamwatch/metrics-core';
import { freePort, nativeEnv, startService, waitFor, type ServiceProcess } from '@streamwatch/test-support';

const ENTRY = join(__dirname, '../dist/main.js');
const ARTIFACTS = join(__dirname, '../test-artifacts');
const env = nativeEnv();
const topic = `hc-int-service-${Date.now()}-${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'hc-service-'));
let upstream: http.Server;
let service: ServiceProcess;

function targetsYaml(upstreamPort: number, closedPort: number): string {
  return `
defaults: { interval: 1s, timeout: 800ms, failure_threshold: 2, success_threshold: 1 }
targets:
  - { name: database, type: tcp, address: "127.0.0.1:${closedPort}" }
  - { name: api, type: http, url: "http://127.0.0.1:${upstreamPort}/down", depends_on: [database] }
  - { name: web, type: http, url: "http://127.0.0.1:${upstreamPort}/ok", expect: { body_contains: "<ok>" } }
  - { name: cache, type: redis, address: "${env.REDIS_HOST}:${env.REDIS_PORT}", password_env: HC_TEST_REDIS_PASSWORD }
`;
}

const getJson = async (path: string) =>
  (await fetch(`${service.url}${path}`)).json() as Promise<Record<string, unknown>>;

beforeAll(async () => {
  if (!existsSync(ENTRY))
    throw new Error(
      `${ENTRY} missing: build the service first (pnpm --filter @streamwatch/health-check build)`,
    );
  upstream = http.createServer((req, res) =>
    req.url === '/ok' ? res.end('<ok>') : res.writeHead(503).end('down'),
  );
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const file = join(dir, 'targets.yml');
  writeFileSync(file, targetsYaml((upstream.address() as AddressInfo).port, await freePort()));
  service = startService(
    ENTRY,
    {
      TARGETS_FILE: file,
      KAFKA_BROKERS: env.KAFKA_BROKERS as string,
      SAMPLES_TOPIC: topic,
      SAMPLES_TOPIC_PARTITIONS: '1',
      HC_TEST_REDIS_PASSWORD: env.REDIS_PASSWORD as string,
      PUBLISH_FLUSH_MS: '200',
      LOG_LEVEL: 'warn',
    },
    await freePort(),
  );
  await waitFor(async () => {
    const body = await getJson('/api/v1/targets');
    const states = (body.targets as Array<{ status: string; ownStatus: string }>).map(
      (t) => `${t.status}/${t.ownStatus}`,
    );
    return states.join() === 'down/down,blocked/down,up/up,up/up';
  }, 20_000);
}, 40_000);

afterAll(async () => {
  await service?.stop();
  upstream?.closeAllConnections();
  await new Promise((r) => upstream?.close(r));
  rmSync(dir, { recursive: true, force: true });
  const admin = createKafka({
    brokers: [env.KAFKA_BROKERS as string],
    clientId: 'hc-int-cleanup',
    logger: silentLogger(),
  }).admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

describe('health-check service (built dist, real probes)', () => {
  it('shows the dependent of a down target as blocked, in the API and the aggregate', async () => {
    const { targets } = (await getJson('/api/v1/targets')) as { targets: Array<Record<string, unknown>> };
    expect(targets[1]).toMatchObject({
      name: 'api',
      status: 'blocked',
      ownStatus: 'down',
      blockedBy: ['database'],
    });
    expect(targets[0]).toMatchObject({
      name: 'database',
      status: 'down',
      lastError: { reason: 'connection' },
    });
    const res = await fetch(`${service.url}/api/v1/health`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/application\/health\+json/);
    expect(await res.json()).toMatchObject({
      status: 'fail',
      output: 'database down; api blocked by database',
    });
    const own = await fetch(`${service.url}/health/ready`);
    expect(own.status).toBe(200);
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/probe_success\{target="web",type="http",service="health-check"\} 1/);
    expect(metrics).toMatch(
      /streamwatch_healthcheck_target_state\{target="api",state="blocked",service="health-check"\} 1/,
    );
  });

  it('publishes its results to Kafka as health_check samples', async () => {
    const kafka = createKafka({
      brokers: [env.KAFKA_BROKERS as string],
      clientId: 'hc-int-reader',
      logger: silentLogger(),
    });
    const consumer = kafka.consumer({ groupId: `${topic}-reader` });
    const seen: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const batch = decodeSampleBatch(message.value as Buffer);
        for (const s of batch.series)
          seen.push(`${batch.source}:${s.name}:${s.labels.instance}:${s.points[0]?.value}`);
      },
    });
    try {
      await waitFor(
        async () =>
          seen.includes('health_check:probe_success:web:1') &&
          seen.includes('health_check:probe_success:database:0'),
        30_000,
      );
    } finally {
      await consumer.disconnect();
    }
  });

  it('renders the status page in headless Chromium at a phone viewport', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const script = join(__dirname, '../test/chromium-page.mjs');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [script, `${service.url}/`, join(ARTIFACTS, 'status-page.png')],
      { timeout: 45_000 },
    );
    const page = JSON.parse(stdout) as {
      status: number;
      overall: string;
      explain: string;
      horizontalOverflow: number;
      viewportWidth: number;
      cards: Array<{
        name: string;
        badge: string;
        detail: string | null;
        meta: string;
        history: number;
        width: number;
      }>;
    };
    expect(page.status).toBe(200);
    expect(page.viewportWidth).toBe(390);
    expect(page.cards.map((c) => `${c.name}:${c.badge}`)).toEqual([
      'database:Down',
      'api:Blocked',
      'web:Up',
      'cache:Up',
    ]);
    expect(page.cards[1]?.detail).toBe('Blocked by database');
    expect(page.cards[0]?.detail).toMatch(/^Last error: .*ECONNREFUSED/);
    expect(page.cards[2]?.meta).toMatch(/^since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(\d+s\)latency \d+ ms$/);
    expect(page.cards.every((c) => c.history >= 1 && c.width <= 390)).toBe(true);
    expect(page.overall).toBe('Outage');
    expect(page.explain).toBe('database down; api blocked by database');
    expect(page.horizontalOverflow).toBeLessThanOrEqual(0);
  }, 60_000);
});

describe('startup with an invalid targets file', () => {
  it('exits 78 listing every problem by target and field', async () => {
    const file = join(dir, 'bad.yml');
    writeFileSync(
      file,
      'targets:\n  - { name: api, type: http, url: "nope" }\n  - { name: cache, type: redis, address: "redis:6379", password_env: HC_UNSET_SECRET }\n',
    );
    const bad = startService(
      ENTRY,
      { TARGETS_FILE: file, KAFKA_BROKERS: env.KAFKA_BROKERS as string },
      await freePort(),
    );
    expect(await bad.exited).toBe(78);
    expect(bad.output()).toContain('target "api".url: Invalid URL');
    expect(bad.output()).toContain(
      'target "cache".password_env: environment variable HC_UNSET_SECRET (or HC_UNSET_SECRET_FILE) is not set',
    );
  });
});
