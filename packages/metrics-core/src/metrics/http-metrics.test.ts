import express from 'express';
import request from 'supertest';
import { createRegistry } from './registry';
import { httpMetricsMiddleware, metricsHandler } from './http-metrics';

function app() {
  const registry = createRegistry('test', { defaultMetrics: false });
  const a = express();
  a.use(httpMetricsMiddleware(registry));
  a.get('/metrics', metricsHandler(registry));
  const router = express.Router();
  router.get('/items/:id', (_req, res) => {
    res.status(201).send('ok');
  });
  a.use('/api', router);
  a.get('/boom', () => {
    throw new Error('x');
  });
  return { a, registry };
}

describe('RED middleware', () => {
  it('labels by route template, never the raw URL', async () => {
    const { a, registry } = app();
    await request(a).get('/api/items/123').expect(201);
    await request(a).get('/api/items/456').expect(201);
    await request(a).get('/nope/789').expect(404);
    const text = await registry.metrics();
    expect(text).toContain(
      'http_requests_total{method="GET",route="/api/items/:id",status_code="201",service="test"} 2',
    );
    expect(text).toContain('route="unmatched",status_code="404"');
    expect(text).not.toContain('123');
    expect(text).not.toContain('789');
    expect(text).toMatch(
      /http_request_duration_seconds_count\{service="test",method="GET",route="\/api\/items\/:id",status_code="201"\} 2/,
    );
    expect(text).toContain('http_requests_in_flight{service="test"} 0');
  });

  it('counts 500s and serves the text exposition format', async () => {
    const { a } = app();
    await request(a).get('/boom').expect(500);
    const res = await request(a).get('/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain; version=0.0.4');
    expect(res.text).toContain('route="/boom",status_code="500"');
  });

  it('uses its own registry, not the global one', () => {
    const a = createRegistry('a', { defaultMetrics: false });
    const b = createRegistry('b', { defaultMetrics: false });
    httpMetricsMiddleware(a);
    expect(() => httpMetricsMiddleware(b)).not.toThrow();
  });
});
