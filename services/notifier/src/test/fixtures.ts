import { createRegistry } from '@streamwatch/metrics-core';
import type { Alert, AlertGroup } from '../domain/alert-group';
import { createNotifierMetrics } from '../metrics';
import type { Clock } from '../ports';

export function alert(over: Partial<Alert> = {}): Alert {
  return {
    status: 'firing',
    labels: { alertname: 'HighCPU', severity: 'critical', instance: 'db-1:9100' },
    annotations: { summary: 'CPU above 90%', description: 'db-1 has been hot for 5m' },
    startsAt: '2025-01-01T10:00:00Z',
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus.local/graph?g0.expr=up',
    fingerprint: 'aaa111',
    ...over,
  };
}

export function group(over: Partial<AlertGroup> = {}): AlertGroup {
  return {
    receiver: 'team-db',
    status: 'firing',
    groupKey: '{}:{alertname="HighCPU"}',
    truncatedAlerts: 0,
    groupLabels: { alertname: 'HighCPU' },
    commonLabels: { alertname: 'HighCPU', severity: 'critical' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.local:9093',
    alerts: [alert()],
    ...over,
  };
}

export class FakeClock implements Clock {
  constructor(public t = Date.parse('2025-01-01T10:05:00Z')) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export function testMetrics() {
  const registry = createRegistry('notifier-test', { defaultMetrics: false });
  return { registry, metrics: createNotifierMetrics(registry) };
}
