import { httpTarget, result } from '../testing/targets.fixture';
import { StatusBoard } from './status-board';
import { explain, systemHealth } from './system-health';

function board() {
  const targets = [
    httpTarget('kafka', { failureThreshold: 2 }),
    httpTarget('collector', { dependsOn: ['kafka'] }),
    httpTarget('grafana', { critical: false }),
  ];
  return new StatusBoard(targets, 3, 0);
}

describe('status board', () => {
  it('honours thresholds, keeps the last N results and the last error', () => {
    const b = board();
    expect(b.record('kafka', result(true, 1000))).toEqual({ target: 'kafka', from: 'unknown', to: 'up' });
    expect(b.record('kafka', result(false, 2000))).toBeUndefined();
    expect(b.snapshot()[0]?.state).toBe('up');
    expect(b.record('kafka', result(false, 3000))).toEqual({ target: 'kafka', from: 'up', to: 'down' });
    b.record('kafka', result(false, 4000));
    const kafka = b.snapshot()[0];
    expect(kafka?.state).toBe('down');
    expect(kafka?.sinceMs).toBe(3012);
    expect(kafka?.history.map((r) => r.startedAtMs)).toEqual([2000, 3000, 4000]);
    expect(kafka?.lastError).toEqual({
      message: 'connect ECONNREFUSED 127.0.0.1:9092',
      reason: 'connection',
      atMs: 4012,
    });
  });

  it('shows dependents as blocked and the aggregate explains why', () => {
    const b = board();
    b.record('kafka', result(false, 1000));
    b.record('kafka', result(false, 2000));
    b.record('collector', result(false, 2000));
    b.record('grafana', result(true, 2000));
    const snap = b.snapshot();
    expect(snap.find((t) => t.name === 'collector')).toMatchObject({
      state: 'blocked',
      ownState: 'down',
      blockedBy: ['kafka'],
    });
    expect(b.states()).toEqual([
      { name: 'kafka', type: 'http', critical: true, state: 'down', blockedBy: [] },
      { name: 'collector', type: 'http', critical: true, state: 'blocked', blockedBy: ['kafka'] },
      { name: 'grafana', type: 'http', critical: false, state: 'up', blockedBy: [] },
    ]);
    const health = systemHealth(snap, 5000);
    expect(health.status).toBe('fail');
    expect(health.output).toBe('kafka down; collector blocked by kafka');
    expect(health.checks['collector:responseTime']?.[0]).toMatchObject({
      status: 'warn',
      output: 'blocked by kafka',
      componentType: 'component',
    });
    expect(health.checks['kafka:responseTime']?.[0]).toMatchObject({
      status: 'fail',
      observedValue: 12,
      observedUnit: 'ms',
    });
  });

  it('a non-critical target down only warns; no verdict yet warns', () => {
    const b = board();
    b.record('kafka', result(true, 1000));
    b.record('collector', result(true, 1000));
    expect(systemHealth(b.snapshot(), 0).status).toBe('warn');
    b.record('grafana', result(false, 1000));
    expect(systemHealth(b.snapshot(), 0)).toMatchObject({ status: 'warn', output: 'grafana down' });
    b.record('grafana', result(true, 2000));
    expect(systemHealth(b.snapshot(), 0)).toMatchObject({ status: 'pass', output: 'all 3 targets up' });
  });

  it('explains pending targets', () => {
    expect(explain(board().snapshot())).toBe('3 awaiting first verdict');
  });
});
