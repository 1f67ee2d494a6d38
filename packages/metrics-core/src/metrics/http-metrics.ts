import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export const HTTP_DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The route template (`/api/v1/rules/:id`), never the raw URL; unmatched requests share one label value. */
export function routeLabel(req: Request): string {
  const routePath = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof routePath === 'string') return (req.baseUrl || '') + routePath;
  return 'unmatched';
}

/** RED middleware: requests total, duration histogram and in-flight gauge, labelled by route template. */
export function httpMetricsMiddleware(registry: Registry): RequestHandler {
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests handled, by method, route template and status code.',
    labelNames: ['method', 'route', 'status_code'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method, route template and status code.',
    labelNames: ['method', 'route', 'status_code'],
    buckets: HTTP_DURATION_BUCKETS,
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'http_requests_in_flight',
    help: 'HTTP requests currently being handled.',
    registers: [registry],
  });
  return (req: Request, res: Response, next: NextFunction) => {
    const start = process.hrtime.bigint();
    inFlight.inc();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      inFlight.dec();
      const labels = { method: req.method, route: routeLabel(req), status_code: String(res.statusCode) };
      requests.inc(labels);
      duration.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
    };
    res.on('finish', finish);
    res.on('close', finish);
    next();
  };
}

export function metricsHandler(registry: Registry): RequestHandler {
  return async (_req, res, next) => {
    try {
      const body = await registry.metrics();
      res.setHeader('Content-Type', registry.contentType);
      res.send(body);
    } catch (err) {
      next(err);
    }
  };
}
