import { alert } from '../test/fixtures';
import { advanceEscalation, firstDueMs, policiesFor } from './escalation';
import type { EscalationPolicy } from './receivers';

const policy: EscalationPolicy = {
  name: 'db-critical',
  match: { severity: 'critical' },
  steps: [
    { after: 300_000, receivers: ['oncall-2'] },
    { after: 900_000, receivers: ['managers', 'oncall-2'] },
  ],
};

describe('escalation', () => {
  it('starts for firing alerts whose labels match', () => {
    expect(policiesFor([policy], alert())).toEqual([policy]);
    expect(policiesFor([policy], alert({ labels: { alertname: 'X', severity: 'warning' } }))).toEqual([]);
    expect(policiesFor([policy], alert({ status: 'resolved' }))).toEqual([]);
  });

  it('walks the steps, counting each `after` from the start', () => {
    const created = 1_000_000;
    expect(firstDueMs(policy, created)).toBe(created + 300_000);
    expect(advanceEscalation([policy], { policy: 'db-critical', step: 0, createdAtMs: created })).toEqual({
      kind: 'notify',
      receivers: ['oncall-2'],
      step: 1,
      steps: 2,
      afterMs: 300_000,
      nextStep: 1,
      nextDueMs: created + 900_000,
    });
    expect(advanceEscalation([policy], { policy: 'db-critical', step: 1, createdAtMs: created })).toEqual({
      kind: 'notify',
      receivers: ['managers', 'oncall-2'],
      step: 2,
      steps: 2,
      afterMs: 900_000,
      nextStep: 2,
      nextDueMs: null,
    });
  });

  it('stops an escalation whose policy was removed from the config', () => {
    expect(advanceEscalation([], { policy: 'gone', step: 0, createdAtMs: 0 })).toEqual({
      kind: 'unknown_policy',
    });
  });
});
