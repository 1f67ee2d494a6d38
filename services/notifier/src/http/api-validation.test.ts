import { createRegistry, silentLogger } from '@streamwatch/metrics-core';
import { DatabaseError } from 'pg';
import request from 'supertest';
import type { LedgerRepository } from '../adapters/ledger.repository';
import { dbError } from '../adapters/postgres';
import { createApp, type AppDeps } from '../app';
import type { AlertGroup } from '../domain/alert-group';
import { alert, FakeClock, group } from '../test/fixtures';

const API = 'api-token-1234567890';
const auth = { authorization: `Bearer ${API}` };

function pgError(code: string, message: string): DatabaseError {
  const e = new DatabaseError(message, 0, 'error');
  e.code = code;
  return e;
}

function testApp(over: Partial<AppDeps> = {}) {
  const accepted: AlertGroup[] = [];
  const calls: unknown[] = [];
  const ledger = {
    list: async (f: unknown) => (calls.push(f), []),
    get: async () => undefined,
    retryDeadLetter: async () => undefined,
  } as unknown as LedgerRepository;
  const app = createApp({
    registry: createRegistry('t', { defaultMetrics: false }),
    logger: silentLogger(),
    checks: [],
    isShuttingDown: () => false,
    version: 'test',
    webhookAuth: {},
    apiAuth: { bearerToken: API },
    accept: async (g) => (accepted.push(g), { queued: 1, duplicates: 0, reminders: 0 }),
    ledger,
    history: async (q) => (calls.push(q), []),
    ack: async () => 0,
    escalations: async (f) => (calls.push(f), []),
    escalationPolicies: [],
    ackSecret: 'ack-secret-for-tests-123',
    clock: new FakeClock(),
    wake: () => undefined,
    ...over,
  });
  return { app, accepted, calls };
}

const webhook = (body: unknown) => ({ ...(body as object), version: '4' });

describe('webhook: bad data is refused by field or made safe, never sent to PostgreSQL as is', () => {
  it('accepts U+0000 and lone surrogates anywhere, replaced by U+FFFD', async () => {
    const t = testApp();
    const a = alert({
      labels: { alertname: 'Nul', path: '/a\u0000b', ['k\u0000']: 'x' },
      annotations: { summary: 'half \uD83D pair' },
      fingerprint: 'f\u0000',
    });
    const res = await request(t.app)
      .post('/api/v1/alertmanager/webhook')
      .send(webhook(group({ groupKey: 'g\u0000', alerts: [a] })));
    expect(res.status).toBe(200);
    const got = t.accepted[0] as AlertGroup;
    expect(got.groupKey).toBe('g\uFFFD');
    expect(got.alerts[0]?.labels).toEqual({ alertname: 'Nul', path: '/a\uFFFDb', 'k\uFFFD': 'x' });
    expect(got.alerts[0]?.annotations.summary).toBe('half \uFFFD pair');
    expect(got.alerts[0]?.fingerprint).toBe('f\uFFFD');
  });

  it.each([
    ['alerts.0.startsAt', { startsAt: '2020-02-30T00:00:00Z' }],
    ['alerts.0.startsAt', { startsAt: '275760-09-13T00:00:00Z' }],
    ['alerts.0.startsAt', { startsAt: '+275760-09-13T00:00:00Z' }],
    ['alerts.0.endsAt', { endsAt: '2020-02-29T24:00:00Z' }],
    ['alerts.0.fingerprint', { fingerprint: 'f'.repeat(300) }],
  ])('answers 400 naming %s for an impossible value', async (field, over) => {
    const t = testApp();
    const res = await request(t.app)
      .post('/api/v1/alertmanager/webhook')
      .send(webhook(group({ alerts: [alert(over)] })));
    expect(res.status).toBe(400);
    expect(res.body.reason).toContain(field);
    expect(t.accepted).toHaveLength(0);
  });
});

describe('database errors reach clients without PostgreSQL text', () => {
  const post = (err: unknown) =>
    request(testApp({ accept: async () => Promise.reject(dbError(err)) }).app)
      .post('/api/v1/alertmanager/webhook')
      .send(webhook(group()));

  it('an unavailable database is a 503 with a generic reason', async () => {
    for (const err of [
      new Error('connect ECONNREFUSED 127.0.0.1:5432'),
      pgError('57P01', 'terminating connection due to administrator command'),
      pgError('40P01', 'deadlock detected'),
    ]) {
      const res = await post(err);
      expect(res.status).toBe(503);
      expect(res.body.reason).toBe('database unavailable');
    }
  });

  it('a refused value is a 400, and anything else a 500, neither with the server text', async () => {
    const data = await post(pgError('22P05', 'unsupported Unicode escape sequence'));
    expect(data.status).toBe(400);
    expect(data.body.reason).toBe('the database cannot store a value of this request (SQLSTATE 22P05)');
    const bug = await post(pgError('42P01', 'relation "notifications" does not exist'));
    expect(bug.status).toBe(500);
    expect(JSON.stringify(bug.body)).not.toContain('relation');
  });
});

describe('API query parameters', () => {
  it.each([
    ['/api/v1/notifications?receiver=%00', 'receiver'],
    ['/api/v1/notifications?alertname=a%00b', 'alertname'],
    ['/api/v1/notifications?limit=100000000000000000000', 'limit'],
    ['/api/v1/notifications?before=abc', 'before'],
    ['/api/v1/notifications?alertnme=HighCPU', 'alertnme'],
    ['/api/v1/dead-letters?channel=%00', 'channel'],
    ['/api/v1/dead-letters?foo=1', 'foo'],
    ['/api/v1/alerts/history?from=2020-02-30T00:00:00Z', 'from'],
    ['/api/v1/alerts/history?to=99999999999999999', 'to'],
    ['/api/v1/alerts/history?from=2025-01-02&to=2025-01-01', 'from'],
    ['/api/v1/alerts/history?label=job%3Da%00', 'label'],
    ['/api/v1/alerts/history?alertname=%00', 'alertname'],
    ['/api/v1/alerts/history?limit=5001', 'limit'],
    ['/api/v1/alerts/history?lables=a%3Db', 'lables'],
    ['/api/v1/escalations?state=closed', 'state'],
    ['/api/v1/escalations?fingerprint=%00', 'fingerprint'],
    ['/api/v1/escalations?x=1', 'x'],
    ['/api/v1/notifications/99999999999999999999', 'id'],
  ])('GET %s is a 400 naming %s', async (url, field) => {
    const t = testApp();
    const res = await request(t.app).get(url).set(auth);
    expect(res.status).toBe(400);
    expect(res.body.reason).toContain(`${field}:`);
    expect(t.calls).toHaveLength(0);
  });

  it('refuses U+0000 in path parameters and bodies of the ack API and the ack link', async () => {
    const t = testApp();
    const path = await request(t.app).post('/api/v1/alerts/a%00/ack').set(auth).send({ by: 'x' });
    expect(path.status).toBe(400);
    expect(path.body.reason).toContain('fingerprint');
    const body = await request(t.app).post('/api/v1/alerts/a/ack').set(auth).send({ by: 'x\u0000' });
    expect(body.status).toBe(400);
    const link = await request(t.app).get('/api/v1/ack?fp=a%00&exp=1&sig=x');
    expect(link.status).toBe(400);
  });

  it('passes valid filters on, the alert name included', async () => {
    const t = testApp();
    const res = await request(t.app)
      .get('/api/v1/notifications?alertname=HighCPU&state=delivered&limit=5')
      .set(auth);
    expect(res.status).toBe(200);
    expect(t.calls[0]).toMatchObject({ alertname: 'HighCPU', state: 'delivered', limit: 5 });
    const h = await request(t.app)
      .get('/api/v1/alerts/history?from=1735725600&to=2025-01-01T12:00:00Z&label=job%3Dnode')
      .set(auth);
    expect(h.status).toBe(200);
    expect(t.calls[1]).toMatchObject({
      fromMs: 1_735_725_600_000,
      toMs: Date.UTC(2025, 0, 1, 12),
      labels: { job: 'node' },
    });
  });
});
