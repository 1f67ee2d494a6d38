import { isStaleNaN, type Labels, type Sample } from '@streamwatch/metrics-core';
import { GroupRunner, instantiate } from '../../cli/rule-set';
import { MemorySeriesStore } from '../promql';
import { labelsKey } from '../promql/labels';
import { AlertingRule, parseRuleFile } from '../rules';
import type { Alert } from '../rules/types';
import { AlertSeriesWriter } from './alert-series-writer';

const MIN = 60_000;
const T0 = 1_700_000_000_000;
const RULE = 'cpu.yml::cpu::HighCpu::0';

const alert = (state: Alert['state'], instance = 'a', activeAt = T0): Alert => ({
  labels: { alertname: 'HighCpu', instance, severity: 'page' },
  annotations: { summary: 'hot' },
  state,
  value: 0.97,
  activeAt,
  lastSeenAt: activeAt,
});

/** A sample as `[name, labels, value or 'stale', timestamp]`, for readable expectations. */
const row = (s: Sample) => [
  s.name,
  s.labels,
  s.stale && isStaleNaN(s.value) ? 'stale' : s.value,
  s.timestampMs,
];

const pendingLabels = { alertname: 'HighCpu', instance: 'a', severity: 'page', alertstate: 'pending' };
const firingLabels = { ...pendingLabels, alertstate: 'firing' };
const forStateLabels = { alertname: 'HighCpu', instance: 'a', severity: 'page' };
const activeAtS = T0 / 1000;

describe('AlertSeriesWriter', () => {
  it('writes ALERTS{alertstate="pending"} 1 and ALERTS_FOR_STATE <activeAt s> for a new pending alert', () => {
    const w = new AlertSeriesWriter();
    expect(w.observe(RULE, MIN, T0, [alert('pending')]).map(row)).toEqual([
      ['ALERTS', pendingLabels, 1, T0],
      ['ALERTS_FOR_STATE', forStateLabels, activeAtS, T0],
    ]);
  });

  it('writes ALERTS{alertstate="firing"} for an alert that fires at once; activeAt in whole seconds', () => {
    const w = new AlertSeriesWriter();
    expect(w.observe(RULE, MIN, T0 + 1999, [alert('firing', 'a', T0 + 1999)]).map(row)).toEqual([
      ['ALERTS', firingLabels, 1, T0 + 1999],
      ['ALERTS_FOR_STATE', forStateLabels, activeAtS + 1, T0 + 1999],
    ]);
  });

  it('on pending → firing, marks the pending ALERTS series stale and carries ALERTS_FOR_STATE on', () => {
    const w = new AlertSeriesWriter();
    w.observe(RULE, MIN, T0, [alert('pending')]);
    expect(w.observe(RULE, MIN, T0 + 5000, [alert('firing')]).map(row)).toEqual([
      ['ALERTS', pendingLabels, 'stale', T0 + 5000],
      ['ALERTS', firingLabels, 1, T0 + 5000],
      ['ALERTS_FOR_STATE', forStateLabels, activeAtS, T0 + 5000],
    ]);
  });

  it('when an alert resolves (is no longer active), marks both its series stale and forgets it', () => {
    const w = new AlertSeriesWriter();
    w.observe(RULE, MIN, T0, [alert('firing'), alert('pending', 'b')]);
    const out = w.observe(RULE, MIN, T0 + 1000, [alert('pending', 'b')]);
    expect(out.map(row)).toEqual([
      ['ALERTS', firingLabels, 'stale', T0 + 1000],
      ['ALERTS_FOR_STATE', forStateLabels, 'stale', T0 + 1000],
    ]);
    expect(w.size).toBe(1);
    expect(w.observe(RULE, MIN, T0 + 2000, []).map((s) => [s.labels.instance, row(s)[2]])).toEqual([
      ['b', 'stale'],
      ['b', 'stale'],
    ]);
    expect(w.size).toBe(0);
  });

  it('writes an unchanged alert again only once per group interval', () => {
    const w = new AlertSeriesWriter();
    const a = alert('firing');
    expect(w.observe(RULE, MIN, T0, [a])).toHaveLength(2);
    for (let t = T0 + 1000; t < T0 + MIN; t += 1000) expect(w.observe(RULE, MIN, t, [a])).toEqual([]);
    expect(w.observe(RULE, MIN, T0 + MIN, [a]).map(row)).toEqual([
      ['ALERTS', firingLabels, 1, T0 + MIN],
      ['ALERTS_FOR_STATE', forStateLabels, activeAtS, T0 + MIN],
    ]);
    expect(w.observe(RULE, MIN, T0 + MIN + 30_000, [a])).toEqual([]);
  });

  it('writes a change at once, whatever the interval: a new alert, a state change, a new activeAt', () => {
    const w = new AlertSeriesWriter();
    w.observe(RULE, MIN, T0, [alert('pending')]);
    expect(w.observe(RULE, MIN, T0 + 1, [alert('pending'), alert('pending', 'b')])).toHaveLength(2);
    expect(w.observe(RULE, MIN, T0 + 2, [alert('firing'), alert('pending', 'b')])).toHaveLength(3);
    const restored = [alert('firing', 'a', T0 - 10 * MIN), alert('pending', 'b')];
    expect(w.observe(RULE, MIN, T0 + 3, restored).map(row)).toEqual([
      ['ALERTS', firingLabels, 1, T0 + 3],
      ['ALERTS_FOR_STATE', forStateLabels, activeAtS - 600, T0 + 3],
    ]);
  });

  it('keeps each rule apart, and forget() ends every series of a removed rule', () => {
    const w = new AlertSeriesWriter();
    w.observe(RULE, MIN, T0, [alert('firing')]);
    w.observe('other', MIN, T0, [alert('pending')]);
    expect(w.observe('other', MIN, T0 + 1000, [alert('pending')])).toEqual([]);
    expect(w.forget(RULE, T0 + 2000).map(row)).toEqual([
      ['ALERTS', firingLabels, 'stale', T0 + 2000],
      ['ALERTS_FOR_STATE', forStateLabels, 'stale', T0 + 2000],
    ]);
    expect(w.size).toBe(1);
    expect(w.forget(RULE, T0 + 3000)).toEqual([]);
  });

  it('never writes a series at or before its last write, when evaluation time goes back', () => {
    const w = new AlertSeriesWriter();
    w.observe(RULE, MIN, T0 + 10_000, [alert('pending')]);
    const out = w.observe(RULE, MIN, T0 + 4000, [alert('firing')]);
    expect(out.map((s) => s.timestampMs)).toEqual([T0 + 10_001, T0 + 10_001, T0 + 10_001]);
    expect(w.forget(RULE, T0).map((s) => s.timestampMs)).toEqual([T0 + 10_002, T0 + 10_002]);
  });

  it('leaves external labels out, as Prometheus does in its own TSDB (templates still see them)', () => {
    const [group] = parseRuleFile(`groups:
  - name: cpu
    rules:
      - alert: HighCpu
        expr: cpu_usage > 0.9
        labels: { where: "{{ $externalLabels.cluster }}" }
`);
    const spec = group?.rules[0];
    if (spec?.kind !== 'alert') throw new Error('expected an alerting rule');
    const rule = new AlertingRule(spec, { externalLabels: { cluster: 'prod', region: 'eu' } });
    const store = new MemorySeriesStore();
    store.add({ __name__: 'cpu_usage', instance: 'a' }, T0, 0.95);
    const out = new AlertSeriesWriter().observe(RULE, MIN, T0, rule.evaluate(T0, store).active);
    expect(out.map((s) => [s.name, s.labels])).toEqual([
      ['ALERTS', { alertname: 'HighCpu', instance: 'a', where: 'prod', alertstate: 'firing' }],
      ['ALERTS_FOR_STATE', { alertname: 'HighCpu', instance: 'a', where: 'prod' }],
    ]);
  });
});

describe('AlertSeriesWriter against the test command (GroupRunner)', () => {
  const FILE = `groups:
  - name: up
    rules:
      - alert: InstanceDown
        expr: up == 0
        for: 2m
        labels: { severity: page }
`;
  /** Instance a: down 0-5m (pending, then firing), up again; b: down 1-2m only (pending, then gone). */
  const INPUT: Array<[Labels, number[]]> = [
    [{ __name__: 'up', instance: 'a' }, [0, 0, 0, 0, 0, 0, 1, 1, 1]],
    [{ __name__: 'up', instance: 'b' }, [1, 0, 0, 1, 1, 1, 1, 1, 1]],
  ];

  const load = () => {
    const store = new MemorySeriesStore();
    for (const [labels, values] of INPUT) values.forEach((v, i) => store.add(labels, i * MIN, v));
    return store;
  };

  /** Every point of every ALERTS series, keyed by labels: `t:value` or `t:stale`. */
  const pointsOf = (points: Array<{ labels: Labels; t: number; v: number; stale?: boolean }>) => {
    const out: Record<string, string[]> = {};
    for (const p of points) (out[labelsKey(p.labels)] ??= []).push(`${p.t}:${p.stale ? 'stale' : p.v}`);
    return out;
  };

  it('writes the same ALERTS series, values and staleness markers when evaluated once per interval', () => {
    const groups = parseRuleFile(FILE);
    const batchStore = load();
    const runner = new GroupRunner(instantiate(groups, [], {}, ''), batchStore);
    const spec = groups[0]?.rules[0];
    if (spec?.kind !== 'alert') throw new Error('expected an alerting rule');
    const rule = new AlertingRule(spec);
    const streamStore = load();
    const writer = new AlertSeriesWriter();
    const written: Sample[] = [];
    for (let t = 0; t <= 10 * MIN; t += MIN) {
      expect(runner.evalAt(t)).toEqual([]);
      written.push(...writer.observe('r', MIN, t, rule.evaluate(t, streamStore).active));
    }
    const batch = batchStore
      .select([{ name: '__name__', op: '=', value: 'ALERTS' }], -Infinity, Infinity)
      .flatMap((s) => s.points.map((p) => ({ labels: s.labels, ...p })));
    const stream = written
      .filter((s) => s.name === 'ALERTS')
      .map((s) => ({
        labels: { ...s.labels, __name__: s.name },
        t: s.timestampMs,
        v: s.value,
        stale: s.stale,
      }));
    expect(pointsOf(stream)).toEqual(pointsOf(batch));
    expect(Object.keys(pointsOf(batch))).toHaveLength(3);
  });
});
