import express from 'express';
import request from 'supertest';
import { createHealthRouter } from './health-router';
import { runHealthChecks, type DependencyCheck } from './health';

const passing: DependencyCheck = {
  component: 'postgres',
  componentType: 'datastore',
  probe: async () => undefined,
};
const failing: DependencyCheck = {
  component: 'redis',
  componentType: 'datastore',
  probe: async () => Promise.reject(new Error('ECONNREFUSED')),
};
const hanging: DependencyCheck = {
  component: 'kafka',
  timeoutMs: 50,
  probe: () => new Promise(() => undefined),
};

function app(checks: DependencyCheck[], shuttingDown = false) {
  const a = express();
  a.use(
    createHealthRouter({ serviceId: 'svc', version: '1.0.0', checks, isShuttingDown: () => shuttingDown }),
  );
  return a;
}

describe('health', () => {
  it('reports checks keyed component:measurement in draft-inadarei shape', async () => {
    const report = await runHealthChecks([passing, failing], () => new Date('2026-01-01T00:00:00Z'));
    expect(report.status).toBe('fail');
    expect(report.checks['postgres:responseTime']![0]).toMatchObject({
      componentType: 'datastore',
      status: 'pass',
      observedUnit: 'ms',
      time: '2026-01-01T00:00:00.000Z',
    });
    expect(typeof report.checks['postgres:responseTime']![0]!.observedValue).toBe('number');
    expect(report.checks['redis:responseTime']![0]).toMatchObject({ status: 'fail', output: 'ECONNREFUSED' });
  });

  it('times out a hanging check fast', async () => {
    const started = Date.now();
    const report = await runHealthChecks([hanging]);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(report.checks['kafka:responseTime']![0]).toMatchObject({
      status: 'fail',
      output: 'timed out after 50 ms',
    });
  });

  it('non-critical failures warn instead of failing', async () => {
    const report = await runHealthChecks([passing, { ...failing, critical: false }]);
    expect(report.status).toBe('warn');
  });

  it('live ignores dependencies; ready and /health return 503 + health+json when one fails', async () => {
    const a = app([passing, failing]);
    const live = await request(a).get('/health/live').expect(200);
    expect(live.body).toMatchObject({ status: 'pass', serviceId: 'svc' });
    const ready = await request(a).get('/health/ready').expect(503);
    expect(ready.headers['content-type']).toContain('application/health+json');
    expect(JSON.parse(ready.text).status).toBe('fail');
    const full = await request(a).get('/health').expect(503);
    expect(JSON.parse(full.text).checks['redis:responseTime'][0].status).toBe('fail');
  });

  it('ready passes when all pass, and fails during shutdown while live still passes', async () => {
    await request(app([passing]))
      .get('/health/ready')
      .expect(200);
    const a = app([passing], true);
    await request(a).get('/health/ready').expect(503);
    await request(a).get('/health/live').expect(200);
  });
});
