import { randomUUID } from 'node:crypto';
import {
  createRedis,
  createRegistry,
  loadMigrations,
  migrate,
  type SampleBatch,
  silentLogger,
} from '@streamwatch/metrics-core';
import { nativeEnv } from '@streamwatch/test-support';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../app';
import { createEvaluatorMetrics } from '../metrics';
import { EvaluationRuntime } from '../streaming/evaluation-runtime';
import { FakeClock, MemoryRecordings, MemorySink, MemoryTransitions } from '../streaming/fakes';
import { createRuleCompiler } from '../streaming/rule-compiler';
import { RuleLoader } from '../streaming/rule-loader';
import { createPostgresPool, MIGRATIONS_TABLE } from './postgres';
import { PostgresRuleRepository } from './postgres.rule-repository';
import { RedisAlertStateStore } from './redis.state-store';

const env = nativeEnv();
const logger = silentLogger();
const run = randomUUID().slice(0, 8);
const T0 = 1_700_000_000_000;
const compiler = createRuleCompiler({ defaultIntervalMs: 60_000, externalURL: 'http://eval' });
const RULES = `groups:\n  - name: restart\n    rules:\n      - alert: DiskFull\n        expr: disk_used_ratio > 0.9\n        for: 5m\n`;
const batch = (t: number, value: number): SampleBatch => ({
  source: 'push',
  series: [
    { name: 'disk_used_ratio', labels: { job: 'node', instance: 'n1' }, points: [{ timestampMs: t, value }] },
  ],
});

describe('alert state in real Redis across a restart', () => {
  const redis = createRedis(env.REDIS_URL!, logger);
  const key = `it:rule-evaluator:state:${run}`;
  beforeAll(() => redis.connect());
  afterAll(async () => {
    await redis.del(key);
    await redis.quit();
  });

  function instance(sink: MemorySink, transitions: MemoryTransitions) {
    const rt = new EvaluationRuntime({
      clock: new FakeClock(T0),
      logger,
      metrics: createEvaluatorMetrics(createRegistry('it', { defaultMetrics: false })),
      sink,
      transitions,
      recordings: new MemoryRecordings(),
      state: new RedisAlertStateStore(redis, key),
      allowedLatenessMs: 5000,
      resendDelayMs: 60_000,
      generatorURL: () => 'http://eval',
    });
    rt.replaceRules(compiler.compile(RULES, 'file', 'restart.yml'));
    return rt;
  }

  it('instance B restores pending state from A and fires at activeAt + for, once', async () => {
    const sink = new MemorySink();
    const transitions = new MemoryTransitions();
    const a = instance(sink, transitions);
    await a.handleBatch(batch(T0, 0.95), false);
    await a.handleBatch(batch(T0 + 120_000, 0.96), false);
    expect(transitions.events.map((e) => e.to)).toEqual(['pending']);

    const b = instance(sink, transitions);
    expect(b.restore(await new RedisAlertStateStore(redis, key).loadAll())).toBe(1);
    await b.handleBatch(batch(T0 + 240_000, 0.97), false);
    expect(transitions.events.map((e) => e.to)).toEqual(['pending']);
    await b.handleBatch(batch(T0 + 300_000, 0.97), false);
    expect(transitions.events.map((e) => e.to)).toEqual(['pending', 'firing']);
    expect(transitions.events[1]).toMatchObject({
      activeAt: new Date(T0).toISOString(),
      firedAt: new Date(T0 + 300_000).toISOString(),
    });

    const c = instance(sink, transitions);
    c.restore(await new RedisAlertStateStore(redis, key).loadAll());
    await c.handleBatch(batch(T0 + 360_000, 0.97), false);
    expect(transitions.events.map((e) => e.to)).toEqual(['pending', 'firing']);
    expect(sink.posts.flat().every((p) => p.startsAt === new Date(T0 + 300_000).toISOString())).toBe(true);
  });
});

describe('rule groups API on real PostgreSQL', () => {
  const pool = createPostgresPool(env.DATABASE_URL!, logger);
  const name = `it-${run}`;
  afterAll(async () => {
    await pool.query('DELETE FROM rule_groups WHERE name = $1', [name]);
    await pool.end();
  });

  it('creates, validates, reloads without restart and deletes a group', async () => {
    await migrate(pool, loadMigrations(join(__dirname, '..', '..', 'migrations')), MIGRATIONS_TABLE);
    const repository = new PostgresRuleRepository(pool);
    let applied: string[] = [];
    const metrics = createEvaluatorMetrics(createRegistry('it', { defaultMetrics: false }));
    const loader = new RuleLoader({
      repository,
      compiler,
      logger,
      metrics,
      apply: (rules) => (applied = rules.map((r) => r.id)),
    });
    const app = createApp({
      registry: createRegistry('it', { defaultMetrics: false }),
      logger,
      checks: [],
      isShuttingDown: () => false,
      version: 'it',
      rules: () => [],
      repository,
      compiler,
      apiToken: 'integration-test-token',
      rulesChanged: async () => undefined,
    });
    const auth = { Authorization: 'Bearer integration-test-token' };
    await loader.poll(true);
    const bad = await request(app)
      .post('/api/v1/rule-groups')
      .set(auth)
      .send({ name, rules: [{ alert: 'X', expr: 'sum(rate(x[5m])' }] })
      .expect(400);
    expect(bad.body.reason).toMatch(/could not parse expression/);
    expect(bad.body.position).toEqual(
      expect.objectContaining({ line: expect.any(Number), column: expect.any(Number) }),
    );
    await request(app)
      .post('/api/v1/rule-groups')
      .set(auth)
      .send({ name, rules: [{ alert: 'X', expr: 'up == 0', for: '1m' }] })
      .expect(201);
    expect(await loader.poll()).toBe(true);
    expect(applied).toContain(`api:${name}::${name}::X::0`);
    await request(app)
      .put(`/api/v1/rule-groups/${name}`)
      .set(auth)
      .send({ rules: [{ alert: 'Y', expr: 'up == 0' }] })
      .expect(200);
    await loader.poll();
    expect(applied).toContain(`api:${name}::${name}::Y::0`);
    expect((await request(app).get(`/api/v1/rule-groups/${name}`).expect(200)).body.version).toBe(2);
    await request(app).delete(`/api/v1/rule-groups/${name}`).set(auth).expect(204);
    expect(await loader.poll()).toBe(true);
    expect(applied.filter((id) => id.includes(name))).toEqual([]);
  });
});
