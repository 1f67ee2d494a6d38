import { createRegistry, silentLogger, STALE_NAN, type SampleBatch } from '@streamwatch/metrics-core';
import type { Alert, AlertingRuleSnapshot } from '../domain/rules/types';
import { createEvaluatorMetrics } from '../metrics';
import { EvaluationRuntime } from './evaluation-runtime';
import { FakeClock, MemoryRecordings, MemorySink, MemoryStateStore, MemoryTransitions } from './fakes';
import { LoadedRule } from './loaded-rule';
import { createRuleCompiler } from './rule-compiler';

const T0 = 1_700_000_000_000;
const LATENESS = 5000;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rulesYaml(r: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)] as T;
  const rule = (name: string, expr: string) =>
    `      - alert: ${name}\n        expr: ${JSON.stringify(expr)}\n        for: ${pick(['0s', '10s', '30s'])}\n` +
    `        keep_firing_for: ${pick(['0s', '20s'])}\n        labels: { severity: page }\n        annotations: { v: "{{ $value }}" }\n`;
  return (
    'groups:\n  - name: g\n    rules:\n' +
    rule('High', 'x > 5') +
    rule('Far', 'abs(x - 5) >= 3') +
    rule('Bool', '(x > bool 7) == 1') +
    rule('Both', 'y{i!="0"} * 2 < 6') +
    rule('Not', 'x != 3.5') +
    rule('Sum', 'sum by (i) (x) > 8')
  );
}

/** The same compiled rules, with the partial path hidden so every evaluation is a full one. */
function fullOnly(rule: LoadedRule): LoadedRule {
  const e = rule.alerting;
  if (!e) return rule;
  const engine = {
    evaluate: e.evaluate.bind(e),
    snapshot: e.snapshot.bind(e),
    restore: e.restore.bind(e),
    activeAlerts: e.activeAlerts.bind(e),
  };
  return new LoadedRule(
    rule.id,
    rule.source,
    rule.file,
    rule.group,
    rule.spec,
    { kind: 'alert', engine },
    rule.selectors,
    rule.windowMs,
    rule.intervalMs,
  );
}

function runtime(clock: FakeClock, coalesce: number) {
  const transitions = new MemoryTransitions();
  const sink = new MemorySink();
  const rt = new EvaluationRuntime({
    clock,
    logger: silentLogger(),
    metrics: createEvaluatorMetrics(createRegistry('t', { defaultMetrics: false })),
    sink,
    transitions,
    recordings: new MemoryRecordings(),
    state: new MemoryStateStore(),
    allowedLatenessMs: LATENESS,
    resendDelayMs: 60_000,
    generatorURL: () => '',
    coalesce: { maxSamples: coalesce, maxDelayMs: 1e12 },
  });
  return { rt, transitions, sink };
}

const alertView = (a: Alert) =>
  JSON.stringify([
    a.labels,
    a.state,
    a.activeAt,
    a.firedAt,
    a.resolvedAt,
    a.value,
    a.annotations,
    a.keepFiringSince,
  ]);
const stateOf = (rt: EvaluationRuntime) =>
  rt.loadedRules.map((r) => (r.alerting?.activeAlerts() ?? []).map(alertView).sort());
/** Events and posts since the last call, order-free within one step. */
const drain = (h: { transitions: MemoryTransitions; sink: MemorySink }) => {
  const out = [
    ...h.transitions.events.map((e) => JSON.stringify(e)).sort(),
    ...h.sink.posts
      .flat()
      .map((a) => JSON.stringify(a))
      .sort(),
  ];
  h.transitions.events = [];
  h.sink.posts = [];
  return out;
};

function randomBatch(r: () => number, t: number): SampleBatch {
  const series: SampleBatch['series'] = [];
  for (const name of ['x', 'y'])
    for (let i = 0; i < 4; i++) {
      if (r() < 0.6) continue;
      const stale = r() < 0.08;
      const value = Math.round(r() * 100) / 10;
      series.push({
        name,
        // one source (job+instance), so per-source time and the combined time agree
        labels: { job: 'j', instance: 'x', i: String(i) },
        points: [stale ? { timestampMs: t, value: STALE_NAN, stale } : { timestampMs: t, value }],
      });
    }
  return { source: 'push', series };
}

describe('partial evaluation of per-series rules', () => {
  it.each(Array.from({ length: 20 }, (_, k) => k + 1))(
    'gives the same transitions and alerts as full evaluation (seed %i)',
    async (seed) => {
      const r = rng(seed);
      const yaml = rulesYaml(r);
      const compile = () =>
        createRuleCompiler({ defaultIntervalMs: 60_000, externalURL: '' }).compile(yaml, 'file', 'p.yml');
      const clock = new FakeClock(T0);
      // one evaluation round per batch: a round holding several sample times of a source is stepped through
      // per source (as a replay is), which the full path, at the combined time, cannot do
      r();
      const coalesce = 1;
      const partial = runtime(clock, coalesce);
      const full = runtime(clock, coalesce);
      partial.rt.replaceRules(compile());
      full.rt.replaceRules(compile().map(fullOnly));
      expect(partial.rt.loadedRules.map((x) => x.partial)).toEqual([
        'exact',
        'exact',
        'exact',
        'exact',
        'exact',
        undefined,
      ]);
      expect(partial.rt.loadedRules.map((x) => x.passes?.complement)).toEqual([
        false,
        undefined,
        undefined,
        undefined,
        true,
        undefined,
      ]);
      expect(full.rt.loadedRules.map((x) => x.partial)).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
      let t = T0;
      let transitions = 0;
      for (let step = 0; step < 100; step++) {
        const gap = r() < 0.05 ? 200_000 + Math.floor(r() * 200_000) : Math.floor(r() * 15_000);
        t += gap;
        if (r() < 0.25) {
          clock.t = t + LATENESS;
          await partial.rt.tick();
          await full.rt.tick();
        } else {
          clock.t = t;
          const b = randomBatch(r, t);
          await partial.rt.handleBatch(b, false);
          await full.rt.handleBatch(b, false);
        }
        const events = drain(full);
        transitions += events.length;
        expect(drain(partial)).toEqual(events);
        expect(stateOf(partial.rt)).toEqual(stateOf(full.rt));
      }
      expect(transitions).toBeGreaterThan(0);
    },
  );

  it('lets series below a threshold skip the rule only while it holds no alert, restored ones included', async () => {
    const yaml = 'groups:\n  - name: g\n    rules:\n      - alert: High\n        expr: x > 5\n';
    const compile = () =>
      createRuleCompiler({ defaultIntervalMs: 3_600_000, externalURL: '' }).compile(yaml, 'file', 'p.yml');
    const point = (t: number, v: number): SampleBatch => ({
      source: 'push',
      series: [{ name: 'x', labels: { i: 'a' }, points: [{ timestampMs: t, value: v }] }],
    });
    const clock = new FakeClock(T0);
    // a runtime whose alert fires, to take its state from
    const before = runtime(clock, 0);
    before.rt.replaceRules(compile());
    await before.rt.handleBatch(point(T0, 9), false);
    const [fired] = before.rt.loadedRules;
    expect(fired?.alerting?.activeAlerts().map((a) => a.state)).toEqual(['firing']);

    const { rt, transitions } = runtime(clock, 0);
    rt.replaceRules(compile());
    // below the threshold, with no alert held: the series skips the rule
    await rt.handleBatch(point(T0, 1), false);
    expect(transitions.events).toEqual([]);
    const [rule] = rt.loadedRules;
    expect(
      rt.restore(new Map([[rule?.id as string, fired?.alerting?.snapshot() as AlertingRuleSnapshot]])),
    ).toBe(1);
    // the restored alert is held now: a value below the threshold resolves it
    await rt.handleBatch(point(T0 + 15_000, 1), false);
    expect(transitions.events.map((e) => `${e.labels.i}:${e.to}`)).toEqual(['a:resolved']);
  });

  it('evaluates a rate rule over the touched series, and in full on the next tick', async () => {
    const yaml = 'groups:\n  - name: g\n    rules:\n      - alert: Fast\n        expr: rate(c[1m]) > 0.5\n';
    const clock = new FakeClock(T0);
    const { rt, transitions } = runtime(clock, 0);
    const [rule] = createRuleCompiler({ defaultIntervalMs: 3_600_000, externalURL: '' }).compile(
      yaml,
      'file',
      'p.yml',
    );
    rt.replaceRules([rule as LoadedRule]);
    expect(rule?.partial).toBe('windowed');
    const point = (i: string, t: number, v: number): SampleBatch => ({
      source: 'push',
      series: [{ name: 'c', labels: { i }, points: [{ timestampMs: t, value: v }] }],
    });
    for (let s = 0; s <= 30; s += 15) {
      clock.t = T0 + s * 1000;
      await rt.handleBatch(point('a', T0 + s * 1000, s * 2), false);
      await rt.handleBatch(point('b', T0 + s * 1000, s * 2), false);
    }
    expect(transitions.events.map((e) => `${e.labels.i}:${e.to}`)).toEqual(['a:firing', 'b:firing']);
    // only `a` keeps growing; `b` flattens out and its rate drops below the threshold without being touched
    clock.t = T0 + 45_000;
    await rt.handleBatch(point('b', T0 + 45_000, 60), false);
    for (let s = 60; s <= 120; s += 15) {
      clock.t = T0 + s * 1000;
      await rt.handleBatch(point('a', T0 + s * 1000, s * 2), false);
    }
    clock.t = T0 + 125_000;
    await rt.tick();
    expect(transitions.events.map((e) => `${e.labels.i}:${e.to}`)).toEqual([
      'a:firing',
      'b:firing',
      'b:resolved',
    ]);
  });
});
