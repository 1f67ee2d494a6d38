import { createServiceApp, type DependencyCheck } from '@streamwatch/metrics-core';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { statusRoutes, type StatusRoutesDeps } from './http/routes';

export interface AppDeps {
  registry: Registry;
  logger: Logger;
  checks: DependencyCheck[];
  isShuttingDown: () => boolean;
  version: string;
  status: StatusRoutesDeps;
}

/** metrics-core's /metrics and /health* (this service itself) plus the status page and the targets API. */
export function createApp(deps: AppDeps): Express {
  return createServiceApp({
    registry: deps.registry,
    logger: deps.logger,
    health: {
      serviceId: 'health-check',
      version: deps.version,
      checks: deps.checks,
      isShuttingDown: deps.isShuttingDown,
    },
    routes: (app) => app.use(statusRoutes(deps.status)),
  });
}
