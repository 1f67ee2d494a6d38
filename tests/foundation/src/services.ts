import { join } from 'node:path';
import { nativeEnv, REPO_ROOT } from '@streamwatch/test-support';

export const SERVICES = ['collector', 'rule-evaluator', 'notifier', 'health-check'] as const;
export type ServiceName = (typeof SERVICES)[number];

export function entryOf(service: ServiceName): string {
  return join(REPO_ROOT, 'services', service, 'dist', 'main.js');
}

/** The environment a service gets in the native stack, pointed at the running infrastructure. */
export function serviceEnv(service: ServiceName, overrides: Record<string, string> = {}): Record<string, string> {
  const infra = nativeEnv();
  const common = { KAFKA_BROKERS: infra.KAFKA_BROKERS as string, LOG_LEVEL: 'info' };
  const stateful = { DATABASE_URL: infra.DATABASE_URL as string, REDIS_URL: infra.REDIS_URL as string };
  const perService: Record<ServiceName, Record<string, string>> = {
    collector: { ...common },
    'rule-evaluator': { ...common, ...stateful },
    notifier: { ...common, ...stateful },
    'health-check': { ...common },
  };
  return { ...perService[service], ...overrides };
}
