import { createRegistry, silentLogger } from '@streamwatch/metrics-core';
import request from 'supertest';
import { createApp } from './app';
import { StatusBoard } from './domain/status-board';
import { createHealthCheckMetrics } from './metrics';
import { createMonitor } from './monitor';
import { httpTarget, result } from './testing/targets.fixture';

function setup() {
  const targets = [httpTarget('kafka'), httpTarget('collector', { dependsOn: ['kafka'] })];
  const board = new StatusBoard(targets, 10, 0);
  const registry = createRegistry('health-check', { defaultMetrics: false });
  const metrics = createHealthCheckMetrics(registry, () => board.states());
  const published: unknown[] = [];
  const monitor = createMonitor({
    targets,
    board,
    metrics,
    samples: { add: (s) => published.push(...s) },
    logger: silentLogger(),
  });
  const app = createApp({
    registry,
    logger: silentLogger(),
    checks: [],
    isShuttingDown: () => false,
    version: 'test',
    status: { snapshot: () => board.snapshot(), now: () => 10_000, historyLimit: 10, refreshSeconds: 10 },
  });
  return { app, monitor, published };
}

describe('health-check HTTP API', () => {
  it('serves targets with status, last error, since and last N results', async () => {
    const { app, monitor } = setup();
    monitor.onResult('kafka', result(true, 1000, { httpStatusCode: 200 }));
    monitor.onResult(
      'kafka',
      result(false, 2000, {
        httpStatusCode: 503,
        reason: 'unexpected_status',
        error: 'status 503, expected 200',
      }),
    );
    monitor.onResult('collector', result(false, 2000));
    const res = await request(app).get('/api/v1/targets?history=1').expect(200);
    expect(res.body.targets[0]).toMatchObject({
      name: 'kafka',
      status: 'down',
      since: '1970-01-01T00:00:02.012Z',
      lastError: { message: 'status 503, expected 200', reason: 'unexpected_status' },
      history: [{ success: false, httpStatusCode: 503, time: '1970-01-01T00:00:02.000Z' }],
    });
    expect(res.body.targets[1]).toMatchObject({
      name: 'collector',
      status: 'blocked',
      ownStatus: 'down',
      blockedBy: ['kafka'],
    });
    await request(app).get('/api/v1/targets/collector').expect(200);
    const bad = await request(app).get('/api/v1/targets?history=abc').expect(400);
    expect(JSON.stringify(bad.body)).toContain('history');
    await request(app).get('/api/v1/targets/nope').expect(404);
  });

  it('aggregates the system as health+json (503 on fail) while /health stays the service own', async () => {
    const { app, monitor } = setup();
    monitor.onResult('kafka', result(false, 1000));
    monitor.onResult('collector', result(false, 1000));
    const res = await request(app).get('/api/v1/health').expect(503);
    expect(res.headers['content-type']).toMatch(/application\/health\+json/);
    const body = JSON.parse(res.text);
    expect(body).toMatchObject({ status: 'fail', output: 'kafka down; collector blocked by kafka' });
    expect(body.checks['collector:responseTime'][0]).toMatchObject({
      status: 'warn',
      output: 'blocked by kafka',
    });
    const own = await request(app).get('/health').expect(200);
    expect(JSON.parse(own.text)).toMatchObject({ status: 'pass', serviceId: 'health-check' });
  });

  it('exposes blackbox metrics and the dependency-aware state', async () => {
    const { app, monitor, published } = setup();
    monitor.onResult('kafka', result(false, 1000, { httpStatusCode: 503, reason: 'unexpected_status' }));
    monitor.onResult('collector', result(true, 1000, { httpStatusCode: 200 }));
    const text = (await request(app).get('/metrics').expect(200)).text;
    expect(text).toContain('probe_success{target="kafka",type="http",service="health-check"} 0');
    expect(text).toContain('probe_http_status_code{target="collector",service="health-check"} 200');
    expect(text).toContain('probe_duration_seconds{target="kafka",type="http",service="health-check"} 0.012');
    expect(text).toContain(
      'streamwatch_healthcheck_target_state{target="kafka",state="down",service="health-check"} 1',
    );
    expect(text).toContain(
      'streamwatch_healthcheck_probe_failures_total{type="http",reason="unexpected_status",service="health-check"} 1',
    );
    expect(published).toHaveLength(6);
  });

  it('serves the status page as HTML', async () => {
    const { app } = setup();
    const res = await request(app).get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('2 awaiting first verdict');
  });
});
