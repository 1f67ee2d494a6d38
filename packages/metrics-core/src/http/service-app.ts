import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { errorMiddleware } from '../errors/error-middleware';
import { NotFoundError } from '../errors/errors';
import { createHealthRouter, type HealthRouterOptions } from '../health/health-router';
import { httpMetricsMiddleware, metricsHandler } from '../metrics/http-metrics';

export interface ServiceAppOptions {
  registry: Registry;
  logger: Logger;
  health: HealthRouterOptions;
  /** Mounts the service's own routes between the standard ones and the error handler. */
  routes?: (app: Express) => void;
}

/** Express app with RED metrics, `/metrics`, the three health endpoints, a JSON 404 and the error mapper. */
export function createServiceApp(opts: ServiceAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(httpMetricsMiddleware(opts.registry));
  app.get('/metrics', metricsHandler(opts.registry));
  app.use(createHealthRouter(opts.health));
  opts.routes?.(app);
  app.use((req, _res, next) => next(new NotFoundError(`no route for ${req.method} ${req.path}`)));
  app.use(errorMiddleware(opts.logger));
  return app;
}
