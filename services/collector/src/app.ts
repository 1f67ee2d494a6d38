import { createServiceApp, type DependencyCheck } from '@streamwatch/metrics-core';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

export interface AppDeps {
  registry: Registry;
  logger: Logger;
  checks: DependencyCheck[];
  isShuttingDown: () => boolean;
  version: string;
}

export function createApp(deps: AppDeps): Express {
  return createServiceApp({
    registry: deps.registry,
    logger: deps.logger,
    health: { serviceId: 'collector', version: deps.version, checks: deps.checks, isShuttingDown: deps.isShuttingDown },
  });
}
