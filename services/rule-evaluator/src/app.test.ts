import { createRegistry, silentLogger, ValidationError } from '@streamwatch/metrics-core';
import request from 'supertest';
import { parse } from 'yaml';
import { createApp } from './app';
import { MemoryRuleRepository, ThresholdAlertEngine } from './streaming/fakes';
import { LoadedRule } from './streaming/loaded-rule';
import type { RuleCompiler } from './streaming/rule-loader';

class PositionedError extends ValidationError {
  constructor(
    message: string,
    readonly position: { line: number; column: number; offset: number },
  ) {
    super(message);
  }
}

/** Fake compiler: every rule needs `expr`; an expr containing `(((` is a syntax error at its line. */
const compiler: RuleCompiler = {
  compile(text, source, file) {
    const doc = parse(text) as {
      groups: Array<{ name: string; rules: Array<{ alert?: string; expr?: string }> }>;
    };
    return doc.groups.flatMap((g) =>
      g.rules.map((r, i) => {
        if (!r.expr) throw new ValidationError(`group "${g.name}", rule ${i + 1}: expr is required`);
        if (r.expr.includes('((('))
          throw new PositionedError('unexpected end of input', {
            line: text.split('\n').findIndex((l) => l.includes('(((')) + 1,
            column: 3,
            offset: 0,
          });
        const spec = {
          kind: 'alert' as const,
          name: r.alert ?? 'x',
          expr: r.expr,
          forMs: 0,
          keepFiringForMs: 0,
          labels: {},
          annotations: {},
        };
        return new LoadedRule(
          `${file}::${g.name}::${i}`,
          source,
          file,
          g.name,
          spec,
          { kind: 'alert', engine: new ThresholdAlertEngine('x', 'm', 1, 0) },
          [],
          0,
          60_000,
        );
      }),
    );
  },
};

function setup(rules: LoadedRule[] = []) {
  const repository = new MemoryRuleRepository();
  let changes = 0;
  const app = createApp({
    registry: createRegistry('test', { defaultMetrics: false }),
    logger: silentLogger(),
    checks: [],
    isShuttingDown: () => false,
    version: 'test',
    rules: () => rules,
    repository,
    compiler,
    apiToken: 'secret-token',
    rulesChanged: async () => changes++,
  });
  return { app, repository, changes: () => changes };
}

const auth = { Authorization: 'Bearer secret-token' };
const group = { name: 'cpu', interval: '30s', rules: [{ alert: 'HighCpu', expr: 'cpu > 0.9', for: '5m' }] };

describe('rule group API', () => {
  it('creates, lists, replaces and deletes groups, applying each change', async () => {
    const { app, repository, changes } = setup();
    await request(app).post('/api/v1/rule-groups').set(auth).send(group).expect(201);
    await request(app).post('/api/v1/rule-groups').set(auth).send(group).expect(409);
    const list = await request(app).get('/api/v1/rule-groups').expect(200);
    expect(list.body.groups.map((g: { name: string }) => g.name)).toEqual(['cpu']);
    await request(app).put('/api/v1/rule-groups/cpu').set(auth).send({ rules: group.rules }).expect(200);
    expect((await repository.get('cpu'))?.version).toBe(2);
    await request(app).delete('/api/v1/rule-groups/cpu').set(auth).expect(204);
    await request(app).delete('/api/v1/rule-groups/cpu').set(auth).expect(404);
    expect(changes()).toBe(3);
  });

  it('requires the bearer token for writes', async () => {
    const { app } = setup();
    const res = await request(app).post('/api/v1/rule-groups').send(group).expect(401);
    expect(res.body.reason).toBe('missing Authorization header');
    await request(app)
      .put('/api/v1/rule-groups/cpu')
      .set({ Authorization: 'Bearer nope' })
      .send(group)
      .expect(401);
  });

  it('rejects bad bodies with 400 naming the field, and stores nothing', async () => {
    const { app, repository } = setup();
    expect(
      (await request(app).post('/api/v1/rule-groups').set(auth).send({ rules: [] }).expect(400)).body.reason,
    ).toMatch(/^name:/);
    expect(
      (await request(app).post('/api/v1/rule-groups').set(auth).send({ name: 'x' }).expect(400)).body.reason,
    ).toMatch(/^rules:/);
    expect(
      (
        await request(app)
          .put('/api/v1/rule-groups/a')
          .set(auth)
          .send({ ...group, name: 'b' })
          .expect(400)
      ).body.reason,
    ).toMatch(/^name:/);
    await request(app)
      .post('/api/v1/rule-groups')
      .set(auth)
      .set('Content-Type', 'application/json')
      .send('{bad')
      .expect(400);
    expect(repository.groups.size).toBe(0);
  });

  it('validate returns the parse error with its position in the sent YAML', async () => {
    const { app } = setup();
    const yaml = 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: sum(((\n';
    const res = await request(app)
      .post('/api/v1/rule-groups/validate')
      .set('Content-Type', 'application/yaml')
      .send(yaml)
      .expect(400);
    expect(res.body).toMatchObject({ reason: 'unexpected end of input', position: { line: 5, column: 3 } });
    const ok = await request(app).post('/api/v1/rule-groups/validate').send(group).expect(200);
    expect(ok.body).toEqual({ valid: true, rules: 1 });
  });
});

describe('Prometheus read API', () => {
  it('serves /api/v1/rules and /api/v1/alerts in the Prometheus shape, including rule health', async () => {
    const [rule] = compiler.compile(
      'groups: [{name: g, rules: [{alert: HighCpu, expr: "cpu > 1"}]}]',
      'file',
      'rules.yml',
    );
    const r = rule as LoadedRule;
    r.health = { health: 'err', lastError: 'boom', evaluationTime: 0.001, lastEvaluation: 0 };
    const { app } = setup([r]);
    const rules = await request(app).get('/api/v1/rules').expect(200);
    expect(rules.body.status).toBe('success');
    expect(rules.body.data.groups[0]).toMatchObject({ name: 'g', file: 'rules.yml', interval: 60 });
    expect(rules.body.data.groups[0].rules[0]).toMatchObject({
      type: 'alerting',
      name: 'HighCpu',
      query: 'cpu > 1',
      health: 'err',
      lastError: 'boom',
      state: 'inactive',
    });
    expect(
      (await request(app).get('/api/v1/rules?type=record').expect(200)).body.data.groups[0].rules,
    ).toEqual([]);
    await request(app).get('/api/v1/rules?type=bogus').expect(400);
    expect((await request(app).get('/api/v1/alerts').expect(200)).body).toEqual({
      status: 'success',
      data: { alerts: [] },
    });
  });
});
