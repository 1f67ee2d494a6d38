import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nativeEnv, REPO_ROOT } from '@streamwatch/test-support';

export const SERVICES = ['collector', 'rule-evaluator', 'notifier', 'health-check'] as const;
export type ServiceName = (typeof SERVICES)[number];

export function entryOf(service: ServiceName): string {
  return join(REPO_ROOT, 'services', service, 'dist', 'main.js');
}

/** A receivers file with one webhook channel on loopback; these tests never deliver through it. */
function receiversFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'foundation-')), 'receivers.yml');
  writeFileSync(
    file,
    'receivers:\n  - name: default\n    channels:\n      - type: webhook\n        url: http://127.0.0.1:9/hook\n',
  );
  return file;
}

/** The environment a service gets in the native stack, pointed at the running infrastructure. */
export function serviceEnv(
  service: ServiceName,
  overrides: Record<string, string> = {},
): Record<string, string> {
  const infra = nativeEnv();
  const common = { KAFKA_BROKERS: infra.KAFKA_BROKERS as string, LOG_LEVEL: 'info' };
  const stateful = { DATABASE_URL: infra.DATABASE_URL as string, REDIS_URL: infra.REDIS_URL as string };
  const perService: Record<ServiceName, Record<string, string>> = {
    collector: { ...common, INGEST_TOKEN: 'foundation-ingest-token' },
    'rule-evaluator': { ...common, ...stateful, RULES_API_TOKEN: 'foundation-rules-api-token' },
    notifier: {
      ...common,
      ...stateful,
      RECEIVERS_FILE: receiversFile(),
      WEBHOOK_BEARER_TOKEN: 'foundation-webhook-token',
      API_TOKEN: 'foundation-notifier-api-token',
    },
    'health-check': {
      ...common,
      REDIS_PASSWORD: infra.REDIS_PASSWORD as string,
      POSTGRES_PASSWORD: infra.POSTGRES_PASSWORD as string,
    },
  };
  return { ...perService[service], ...overrides };
}
