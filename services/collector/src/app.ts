import { createServiceApp, type DependencyCheck } from '@streamwatch/metrics-core';
import type { Express, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { pushRoute } from './http/push.route';
import { writeRoute } from './http/write.route';
import type { Ingestor } from './ingest/ingestor';
import type { CollectorMetrics } from './metrics';
import type { Clock } from './ports';

export interface AppDeps {
  registry: Registry;
  logger: Logger;
  checks: DependencyCheck[];
  isShuttingDown: () => boolean;
  version: string;
  ingestor: Ingestor;
  metrics: CollectorMetrics;
  clock: Clock;
  /** `requireAuth(...)` of the ingest endpoints; lets everything through when no token is configured. */
  ingestAuth: RequestHandler;
  maxBodyBytes: number;
  maxDecodedBytes: number;
}

export function createApp(deps: AppDeps): Express {
  return createServiceApp({
    registry: deps.registry,
    logger: deps.logger,
    health: {
      serviceId: 'collector',
      version: deps.version,
      checks: deps.checks,
      isShuttingDown: deps.isShuttingDown,
    },
    routes: (app) => {
      const common = {
        ingestor: deps.ingestor,
        auth: deps.ingestAuth,
        metrics: deps.metrics,
        maxBodyBytes: deps.maxBodyBytes,
      };
      app.use(pushRoute({ ...common, clock: deps.clock }));
      app.use(writeRoute({ ...common, maxDecodedBytes: deps.maxDecodedBytes }));
    },
  });
}
