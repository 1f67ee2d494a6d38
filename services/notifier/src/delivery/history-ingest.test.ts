import type { AlertHistoryRecord } from '../domain/alert-event';
import { testMetrics } from '../test/fixtures';
import { createHistoryIngest } from './history-ingest';

describe('history ingest', () => {
  it("tells the resolved guarantee when a firing alert resolved, with the evaluator's resolvedAt", async () => {
    const stored: AlertHistoryRecord[] = [];
    const ended: Array<[string, string]> = [];
    const ingest = createHistoryIngest({
      store: { insert: async (r) => void stored.push(...r) },
      metrics: testMetrics().metrics,
      onResolved: async (fp, at) => void ended.push([fp, at.toISOString()]),
    });
    const base = { fingerprint: 'fp1', rule: 'R', labels: { alertname: 'R' }, annotations: {} };
    const ctx = { topic: 'alerts', partition: 0, offset: '1' } as never;
    await ingest({ ...base, from: 'firing', to: 'resolved', resolvedAt: 1_735_725_600_000, at: 1 }, ctx);
    await ingest({ ...base, from: 'firing', to: 'resolved', at: '2025-01-01T11:00:00Z' }, ctx);
    await ingest({ ...base, from: 'pending', to: 'resolved', at: '2025-01-01T12:00:00Z' }, ctx);
    expect(ended).toEqual([
      ['fp1', '2025-01-01T10:00:00.000Z'],
      ['fp1', '2025-01-01T11:00:00.000Z'],
    ]);
    expect(stored).toHaveLength(3);
  });
});
