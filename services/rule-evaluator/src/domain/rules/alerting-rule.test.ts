import type { Labels } from '@streamwatch/metrics-core';
import { MemorySeriesStore, type SeriesStore } from '../promql';
import { AlertingRule, RESOLVED_RETENTION_MS } from './alerting-rule';
import type { AlertingRuleSpec } from './types';

const m = 60_000;
const spec = (over: Partial<AlertingRuleSpec> = {}): AlertingRuleSpec => ({
  kind: 'alert',
  name: 'High',
  expr: 'x > 1',
  forMs: 2 * m,
  keepFiringForMs: 0,
  labels: { severity: 'page' },
  annotations: { summary: '{{ $labels.job }} at {{ $value }}' },
  ...over,
});

function storeWith(values: (number | undefined)[]): MemorySeriesStore {
  const store = new MemorySeriesStore();
  values.forEach((v, i) => v !== undefined && store.add({ __name__: 'x', job: 'a' }, i * m, v));
  return store;
}

describe('AlertingRule', () => {
  it('moves inactive -> pending -> firing -> resolved and reports transitions', () => {
    const rule = new AlertingRule(spec());
    const store = storeWith([5, 5, 5, 0]);
    const e0 = rule.evaluate(0, store);
    expect(e0.transitions.map((t) => `${t.from}->${t.kind}`)).toEqual(['inactive->pending']);
    expect(e0.active[0]).toMatchObject({
      state: 'pending',
      activeAt: 0,
      labels: { alertname: 'High', job: 'a', severity: 'page' },
    });
    expect(rule.evaluate(m, store).transitions).toEqual([]);
    const e2 = rule.evaluate(2 * m, store);
    expect(e2.transitions.map((t) => `${t.from}->${t.kind}`)).toEqual(['pending->firing']);
    expect(e2.active[0]).toMatchObject({
      state: 'firing',
      firedAt: 2 * m,
      annotations: { summary: 'a at 5' },
    });
    const e3 = rule.evaluate(3 * m, store);
    expect(e3.transitions.map((t) => `${t.from}->${t.kind}`)).toEqual(['firing->resolved']);
    expect(e3.active).toEqual([]);
    expect(rule.allAlerts()[0]).toMatchObject({ state: 'inactive', resolvedAt: 3 * m });
    rule.evaluate(3 * m + RESOLVED_RETENTION_MS + 1, store);
    expect(rule.allAlerts()).toEqual([]);
  });

  it('drops a pending alert without firing when the condition clears', () => {
    const rule = new AlertingRule(spec());
    const store = storeWith([5, 0]);
    rule.evaluate(0, store);
    const e = rule.evaluate(m, store);
    expect(e.transitions.map((t) => `${t.from}->${t.kind}`)).toEqual(['pending->resolved']);
    expect(rule.allAlerts()).toEqual([]);
  });

  it('fires immediately with for: 0 and honours keep_firing_for', () => {
    const rule = new AlertingRule(spec({ forMs: 0, keepFiringForMs: 2 * m }));
    const store = storeWith([5, 0, 0, 0]);
    expect(rule.evaluate(0, store).transitions.map((t) => `${t.from}->${t.kind}`)).toEqual([
      'inactive->firing',
    ]);
    expect(rule.evaluate(m, store).active[0]?.state).toBe('firing');
    expect(rule.evaluate(2 * m, store).active[0]?.state).toBe('firing');
    expect(rule.evaluate(3 * m, store).transitions.map((t) => t.kind)).toEqual(['resolved']);
  });

  it('restores pending state from a JSON snapshot without resetting for', () => {
    const store = storeWith([5, 5, 5]);
    const first = new AlertingRule(spec());
    first.evaluate(0, store);
    first.evaluate(m, store);
    const snap = JSON.parse(JSON.stringify(first.snapshot()));
    const second = new AlertingRule(spec());
    second.restore(snap);
    const e = second.evaluate(2 * m, store);
    expect(e.active[0]).toMatchObject({ state: 'firing', activeAt: 0 });
    expect(e.transitions.map((t) => `${t.from}->${t.kind}`)).toEqual(['pending->firing']);
  });

  it('records evaluation errors in health and keeps state', () => {
    const store = new MemorySeriesStore();
    store.add({ __name__: 'x', job: 'a', i: '1' }, 0, 5);
    store.add({ __name__: 'x', job: 'a', i: '2' }, 0, 5);
    const rule = new AlertingRule(spec({ expr: 'x > on(job) x' }));
    expect(() => rule.evaluate(0, store)).toThrow();
    expect(rule.health.get()).toMatchObject({ health: 'err', lastEvaluation: 0 });
    expect(rule.health.get().lastError).toContain('duplicate series');
  });

  it('keeps alerts apart whose label sets the old key wrote alike (separator characters inside values)', () => {
    // 'þ' and 'ÿ' are the characters '\xfe' and '\xff' the old key wrote after each value and name
    const series: Labels[] = [
      { __name__: 'x', job: 'a', k: 'vþlÿw' },
      { __name__: 'x', job: 'a', k: 'v', l: 'w' },
      { __name__: 'x', job: 'a', k: 'v",l="w' },
    ];
    const store: SeriesStore = {
      select: () => series.map((labels) => ({ labels, points: [{ t: 0, v: 5 }] })),
    };
    const rule = new AlertingRule(spec({ forMs: 0 }));
    expect(rule.evaluate(0, store).active.map((a) => a.labels)).toEqual(
      series.map(({ __name__, ...labels }) => ({ alertname: 'High', severity: 'page', ...labels })),
    );
    const restored = new AlertingRule(spec({ forMs: 0 }));
    restored.restore(JSON.parse(JSON.stringify(rule.snapshot())));
    expect(restored.activeAlerts()).toHaveLength(3);
  });
});
