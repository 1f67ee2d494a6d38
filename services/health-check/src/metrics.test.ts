import { createRegistry } from '@streamwatch/metrics-core';
import { StatusBoard } from './domain/status-board';
import type { Target } from './domain/target';
import { createHealthCheckMetrics } from './metrics';
import { httpTarget, result } from './testing/targets.fixture';

function setup(targets: Target[]) {
  const board = new StatusBoard(targets, 10, 0);
  const registry = createRegistry('health-check', { defaultMetrics: false });
  createHealthCheckMetrics(registry, () => board.states());
  return { board, text: () => registry.metrics() };
}

const failing = (labels: string) =>
  `streamwatch_healthcheck_target_failing{${labels},service="health-check"}`;

describe('alerting gauges', () => {
  it('marks a target failing only after failure_threshold failures, with its criticality', async () => {
    const { board, text } = setup([
      httpTarget('postgres', { failureThreshold: 2 }),
      httpTarget('grafana', { failureThreshold: 1, critical: false }),
    ]);
    board.record('postgres', result(false, 1000));
    board.record('grafana', result(false, 1000));
    expect(await text()).toContain(`${failing('target="postgres",type="http",critical="true"')} 0`);
    expect(await text()).toContain(`${failing('target="grafana",type="http",critical="false"')} 1`);
    board.record('postgres', result(false, 2000));
    expect(await text()).toContain(`${failing('target="postgres",type="http",critical="true"')} 1`);
  });

  it('reports dependents of a down target as blocked by it, not failing', async () => {
    const { board, text } = setup([
      httpTarget('postgres'),
      httpTarget('rule-evaluator', { dependsOn: ['postgres'] }),
      httpTarget('notifier', { dependsOn: ['rule-evaluator'] }),
    ]);
    for (const name of ['postgres', 'rule-evaluator', 'notifier']) board.record(name, result(false, 1000));
    const out = await text();
    expect(out).toContain(`${failing('target="postgres",type="http",critical="true"')} 1`);
    expect(out).toContain(`${failing('target="rule-evaluator",type="http",critical="true"')} 0`);
    expect(out).toContain(`${failing('target="notifier",type="http",critical="true"')} 0`);
    expect(out).toContain(
      'streamwatch_healthcheck_target_blocked{target="rule-evaluator",blocked_by="postgres",service="health-check"} 1',
    );
    expect(out).toContain(
      'streamwatch_healthcheck_target_blocked{target="notifier",blocked_by="postgres",service="health-check"} 1',
    );
    board.record('postgres', result(true, 2000));
    expect(await text()).not.toContain('blocked_by="postgres"');
  });

  it('does not page a dependent that reaches its threshold before its failing dependency', async () => {
    const { board, text } = setup([
      httpTarget('postgres', { failureThreshold: 2 }),
      httpTarget('notifier', { failureThreshold: 1, dependsOn: ['postgres'] }),
    ]);
    board.record('postgres', result(false, 1000));
    board.record('notifier', result(false, 1500));
    const out = await text();
    expect(out).toContain(`${failing('target="notifier",type="http",critical="true"')} 0`);
    expect(out).toContain(
      'streamwatch_healthcheck_target_blocked{target="notifier",blocked_by="postgres",service="health-check"} 1',
    );
    board.record('postgres', result(true, 2000));
    expect(await text()).toContain(`${failing('target="notifier",type="http",critical="true"')} 1`);
  });
});
