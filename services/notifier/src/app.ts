import { createServiceApp, type AuthOptions, type DependencyCheck } from '@streamwatch/metrics-core';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { EscalationFilter, EscalationRow } from './adapters/escalation.repository';
import type { HistoryQuery } from './adapters/history.repository';
import type { LedgerRepository } from './adapters/ledger.repository';
import type { AlertGroup } from './domain/alert-group';
import type { EscalationPolicy } from './domain/receivers';
import type { IntakeResult } from './delivery/intake';
import { ackRoutes } from './http/ack.routes';
import { alertmanagerRoutes } from './http/alertmanager.routes';
import { databaseErrors } from './http/database-errors';
import { escalationsRoutes } from './http/escalations.routes';
import { historyRoutes } from './http/history.routes';
import { ledgerRoutes } from './http/ledger.routes';
import type { Clock } from './ports';

export interface AppDeps {
  registry: Registry;
  logger: Logger;
  checks: DependencyCheck[];
  isShuttingDown: () => boolean;
  version: string;
  webhookAuth: AuthOptions;
  apiAuth: AuthOptions;
  accept: (group: AlertGroup) => Promise<IntakeResult>;
  ledger: LedgerRepository;
  history: (q: HistoryQuery) => Promise<Array<Record<string, unknown>>>;
  ack: (fingerprint: string, by: string) => Promise<number>;
  escalations: (f: EscalationFilter) => Promise<EscalationRow[]>;
  escalationPolicies: readonly EscalationPolicy[];
  ackSecret: string | undefined;
  clock: Clock;
  wake: (channelKeys: string[]) => void;
}

export function createApp(deps: AppDeps): Express {
  return createServiceApp({
    registry: deps.registry,
    logger: deps.logger,
    health: {
      serviceId: 'notifier',
      version: deps.version,
      checks: deps.checks,
      isShuttingDown: deps.isShuttingDown,
    },
    routes: (app) => {
      app.use(alertmanagerRoutes(deps.webhookAuth, deps.accept));
      app.use(ledgerRoutes(deps.apiAuth, deps.ledger, deps.wake));
      app.use(historyRoutes(deps.apiAuth, deps.history));
      app.use(ackRoutes({ auth: deps.apiAuth, ack: deps.ack, ackSecret: deps.ackSecret, clock: deps.clock }));
      app.use(
        escalationsRoutes({ auth: deps.apiAuth, list: deps.escalations, policies: deps.escalationPolicies }),
      );
      app.use(databaseErrors(deps.logger));
    },
  });
}
