import type { OpenReceipt } from '../adapters/receipt.repository';
import { alert } from '../test/fixtures';
import { resolvedGroup } from './resolved-guarantee';

const receipt = (over: Partial<OpenReceipt>): OpenReceipt => ({
  receiver: 'team-db',
  fingerprint: 'aaa111',
  startsAt: '2025-01-01T10:00:00Z',
  alert: alert(),
  externalURL: '',
  groupLabels: {},
  groupKey: 'g',
  missingSinceMs: Date.parse('2025-01-01T10:21:00Z'),
  endsAt: null,
  ...over,
});

describe("the resolved guarantee's own notice", () => {
  const sentAt = Date.parse('2025-01-01T10:31:00Z');

  it('carries the alert’s own end when the notifier learned it', () => {
    const g = resolvedGroup(receipt({ endsAt: '2025-01-01T10:20:30.000Z' }), sentAt);
    expect(g.alerts[0]).toMatchObject({ status: 'resolved', endsAt: '2025-01-01T10:20:30.000Z' });
    expect(g.notice).toBeUndefined();
  });

  it('otherwise uses when the alert was found gone, not when the notice is sent, and says so', () => {
    const g = resolvedGroup(receipt({}), sentAt);
    expect(g.alerts[0]?.endsAt).toBe('2025-01-01T10:21:00.000Z');
    expect(g.notice).toEqual({ kind: 'inferred-end', missingSince: '2025-01-01T10:21:00.000Z' });
  });
});
