import { createRegistry, silentLogger, type SampleBatch } from '@streamwatch/metrics-core';
import { createEvaluatorMetrics } from '../metrics';
import { EvaluationRuntime } from './evaluation-runtime';
import {
  FakeClock,
  MemoryRecordings,
  MemorySink,
  MemoryStateStore,
  MemoryTransitions,
  ThresholdAlertEngine,
} from './fakes';
import { LoadedRule } from './loaded-rule';

const T0 = 1_700_000_000_000;
const sel = (name: string) => [[{ name: '__name__', op: '=' as const, value: name }]];

function alertRule(
  id: string,
  metric: string,
  forMs: number,
  engine = new ThresholdAlertEngine(id, metric, 10, forMs),
) {
  const spec = {
    kind: 'alert' as const,
    name: id,
    expr: `${metric} > 10`,
    forMs,
    keepFiringForMs: 0,
    labels: {},
    annotations: {},
  };
  return {
    rule: new LoadedRule(
      `file::g::${id}::0`,
      'file',
      'rules.yml',
      'g',
      spec,
      { kind: 'alert', engine },
      sel(metric),
      300_000,
      60_000,
    ),
    engine,
  };
}

const batch = (name: string, instance: string, t: number, value: number): SampleBatch => ({
  source: 'push',
  series: [{ name, labels: { job: 'j', instance }, points: [{ timestampMs: t, value }] }],
});

function setup() {
  const clock = new FakeClock(T0);
  const registry = createRegistry('test', { defaultMetrics: false });
  const metrics = createEvaluatorMetrics(registry);
  const sink = new MemorySink();
  const transitions = new MemoryTransitions();
  const state = new MemoryStateStore();
  const make = () =>
    new EvaluationRuntime({
      clock,
      logger: silentLogger(),
      metrics,
      sink,
      transitions,
      recordings: new MemoryRecordings(),
      state,
      allowedLatenessMs: 5000,
      resendDelayMs: 60_000,
      generatorURL: (id) => `http://eval/rules#${id}`,
    });
  return { clock, registry, metrics, sink, transitions, state, make };
}

describe('EvaluationRuntime', () => {
  it('goes pending then firing by sample time, posts the firing alert once and re-sends each minute', async () => {
    const { clock, sink, transitions, make } = setup();
    const rt = make();
    rt.replaceRules([alertRule('HighCpu', 'cpu', 30_000).rule]);
    await rt.handleBatch(batch('cpu', 'a', T0, 50), false);
    expect(transitions.events.map((e) => e.to)).toEqual(['pending']);
    expect(sink.posts).toHaveLength(0);
    // rules over every source never run ahead of the wall clock: it moves with the samples here
    clock.t = T0 + 30_000;
    await rt.handleBatch(batch('cpu', 'a', T0 + 30_000, 50), false);
    expect(transitions.events.map((e) => e.to)).toEqual(['pending', 'firing']);
    expect(sink.posts.flat().map((a) => a.labels.alertname)).toEqual(['HighCpu']);
    expect(sink.posts[0]?.[0]?.startsAt).toBe(new Date(T0 + 30_000).toISOString());
    clock.advance(30_000);
    await rt.tick();
    expect(sink.posts).toHaveLength(1);
    clock.advance(31_000);
    await rt.tick();
    expect(sink.posts).toHaveLength(2);
  });

  it('sends a resolved alert with endsAt at the resolve time', async () => {
    const { clock, sink, transitions, make } = setup();
    const rt = make();
    rt.replaceRules([alertRule('HighCpu', 'cpu', 0).rule]);
    await rt.handleBatch(batch('cpu', 'a', T0, 50), false);
    clock.t = T0 + 1000;
    await rt.handleBatch(batch('cpu', 'a', T0 + 1000, 1), false);
    expect(transitions.events.map((e) => e.to)).toEqual(['pending', 'firing', 'resolved']);
    const last = sink.posts[sink.posts.length - 1]?.[0];
    expect(last?.endsAt).toBe(new Date(T0 + 1000).toISOString());
  });

  it('keeps evaluating the other rules when one throws, and reports its health', async () => {
    const { registry, transitions, make } = setup();
    const rt = make();
    const bad = alertRule('Broken', 'cpu', 0);
    bad.engine.failWith = 'boom';
    rt.replaceRules([bad.rule, alertRule('HighCpu', 'cpu', 0).rule]);
    await rt.handleBatch(batch('cpu', 'a', T0, 50), false);
    expect(bad.rule.health).toMatchObject({ health: 'err', lastError: 'boom' });
    expect(transitions.events.map((e) => e.rule)).toEqual(['HighCpu', 'HighCpu']);
    expect(
      await registry.getSingleMetricAsString('streamwatch_evaluator_rule_evaluation_failures_total'),
    ).toContain('rule_group="g",service="test"} 1');
  });

  it('restores pending state after a restart so `for` is not reset and firing is not announced twice', async () => {
    const { clock, sink, transitions, state, make } = setup();
    const a = make();
    a.replaceRules([alertRule('HighCpu', 'cpu', 60_000).rule]);
    await a.handleBatch(batch('cpu', 'a', T0, 50), false);
    expect(state.data.size).toBe(1);

    const b = make();
    b.replaceRules([alertRule('HighCpu', 'cpu', 60_000).rule]);
    expect(b.restore(await state.loadAll())).toBe(1);
    clock.t = T0 + 60_000;
    await b.handleBatch(batch('cpu', 'a', T0 + 60_000, 50), false);
    expect(transitions.events.map((e) => e.to)).toEqual(['pending', 'firing']);
    expect(transitions.events[1]?.activeAt).toBe(new Date(T0).toISOString());
    expect(sink.posts.flat()).toHaveLength(1);
  });

  it('carries alert state across a rule reload and resolves alerts of removed rules', async () => {
    const { sink, make } = setup();
    const rt = make();
    rt.replaceRules([alertRule('HighCpu', 'cpu', 0).rule]);
    await rt.handleBatch(batch('cpu', 'a', T0, 50), false);
    const reloaded = alertRule('HighCpu', 'cpu', 0);
    rt.replaceRules([reloaded.rule]);
    expect(reloaded.engine.activeAlerts()).toHaveLength(1);
    rt.replaceRules([]);
    await rt.tick();
    const last = sink.posts[sink.posts.length - 1]?.[0];
    expect(last?.endsAt).toBe(new Date(T0).toISOString());
  });

  it('coalesces evaluations across batches until the sample limit', async () => {
    const { transitions, clock, metrics, sink, state } = setup();
    const rt = new EvaluationRuntime({
      clock,
      logger: silentLogger(),
      metrics,
      sink,
      transitions,
      recordings: new MemoryRecordings(),
      state,
      allowedLatenessMs: 5000,
      resendDelayMs: 60_000,
      generatorURL: () => '',
      coalesce: { maxSamples: 3, maxDelayMs: 60_000 },
    });
    rt.replaceRules([alertRule('HighCpu', 'cpu', 0).rule]);
    await rt.handleBatch(batch('cpu', 'a', T0, 50), false);
    await rt.handleBatch(batch('cpu', 'b', T0, 50), false);
    expect(transitions.events).toHaveLength(0);
    await rt.handleBatch(batch('cpu', 'c', T0, 50), false);
    expect(transitions.events.filter((e) => e.to === 'firing')).toHaveLength(3);
  });

  it('exports alerts by state and detection latency', async () => {
    const { clock, registry, make } = setup();
    const rt = make();
    rt.replaceRules([alertRule('HighCpu', 'cpu', 60_000).rule]);
    clock.advance(250);
    await rt.handleBatch(batch('cpu', 'a', T0, 50), false);
    expect(await registry.getSingleMetricAsString('streamwatch_evaluator_alerts')).toContain(
      'alertname="HighCpu",state="pending",service="test"} 1',
    );
    expect(
      await registry.getSingleMetricAsString('streamwatch_evaluator_detection_latency_seconds'),
    ).toContain('le="0.25",service="test"} 1');
  });
});
