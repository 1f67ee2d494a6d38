import { createServiceApp, requireAuth, type DependencyCheck } from '@streamwatch/metrics-core';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { prometheusApiRoutes } from './http/prometheus-api.routes';
import { ruleGroupRoutes } from './http/rule-groups.routes';
import type { RuleGroupRepository } from './ports';
import type { LoadedRule } from './streaming/loaded-rule';
import type { RuleCompiler } from './streaming/rule-loader';

export interface AppDeps {
  registry: Registry;
  logger: Logger;
  checks: DependencyCheck[];
  isShuttingDown: () => boolean;
  version: string;
  rules: () => readonly LoadedRule[];
  repository: RuleGroupRepository;
  compiler: RuleCompiler;
  /** Bearer token for the rule-group write API; unset leaves it open (development only). */
  apiToken?: string;
  rulesChanged: () => Promise<unknown>;
}

export function createApp(deps: AppDeps): Express {
  return createServiceApp({
    registry: deps.registry,
    logger: deps.logger,
    health: {
      serviceId: 'rule-evaluator',
      version: deps.version,
      checks: deps.checks,
      isShuttingDown: deps.isShuttingDown,
    },
    routes: (app) => {
      app.use(prometheusApiRoutes(deps.rules));
      app.use(
        ruleGroupRoutes({
          repository: deps.repository,
          compiler: deps.compiler,
          auth: requireAuth({ bearerToken: deps.apiToken }),
          changed: deps.rulesChanged,
        }),
      );
    },
  });
}
