import { createRegistry, silentLogger, type SampleBatch } from '@streamwatch/metrics-core';
import { createEvaluatorMetrics } from '../metrics';
import { EvaluationRuntime } from './evaluation-runtime';
import { FakeClock, MemoryRecordings, MemorySink, MemoryStateStore, MemoryTransitions } from './fakes';
import { createRuleCompiler } from './rule-compiler';

const compiler = createRuleCompiler({ defaultIntervalMs: 60_000, externalURL: 'http://eval' });
const T0 = 1_700_000_000_000;

const FILE = `groups:
  - name: cpu
    rules:
      - alert: HighCpu
        expr: cpu_usage > 0.9
        for: 1m
        labels: { severity: page }
        annotations: { summary: "{{ $labels.instance }} at {{ $value }}" }
      - record: job:cpu_usage:max
        expr: max by (job) (cpu_usage)
      - alert: LatencySpike
        anomaly:
          detector: mad
          window: 1h
          interval: 1m
          threshold: 5
        expr: latency_seconds
`;

function runtime() {
  const transitions = new MemoryTransitions();
  const recordings = new MemoryRecordings();
  const clock = new FakeClock(T0);
  const rt = new EvaluationRuntime({
    clock,
    logger: silentLogger(),
    metrics: createEvaluatorMetrics(createRegistry('t', { defaultMetrics: false })),
    sink: new MemorySink(),
    transitions,
    recordings,
    state: new MemoryStateStore(),
    allowedLatenessMs: 5000,
    resendDelayMs: 60_000,
    generatorURL: () => 'http://eval',
  });
  /** Samples arrive as they are stamped: rules over every source never run ahead of the wall clock. */
  const feed = async (b: SampleBatch) => {
    for (const s of b.series) for (const p of s.points) clock.t = Math.max(clock.t, p.timestampMs);
    await rt.handleBatch(b, false);
  };
  return { rt, transitions, recordings, feed };
}

const batch = (name: string, t: number, value: number): SampleBatch => ({
  source: 'push',
  series: [{ name, labels: { job: 'api', instance: 'a' }, points: [{ timestampMs: t, value }] }],
});

describe('rule compiler with the real engine', () => {
  it('loads alerting, recording and anomaly rules with stable ids', () => {
    const rules = compiler.compile(FILE, 'file', 'cpu.yml');
    expect(rules.map((r) => r.id)).toEqual([
      'cpu.yml::cpu::HighCpu::0',
      'cpu.yml::cpu::job:cpu_usage:max::0',
      'cpu.yml::cpu::LatencySpike::0',
    ]);
    expect(rules[0]?.selectors[0]).toContainEqual({ name: '__name__', op: '=', value: 'cpu_usage' });
  });

  it('reports a bad anomaly block and a bad expression with their line', () => {
    expect(() => compiler.compile(FILE.replace('detector: mad', 'detector: nope'), 'file', 'f.yml')).toThrow(
      /f.yml:12:\d+: anomaly.detector/,
    );
    expect(() =>
      compiler.compile(FILE.replace('cpu_usage > 0.9', 'cpu_usage > > 0.9'), 'file', 'f.yml'),
    ).toThrow(/f.yml:5:/);
  });

  it('streams samples through a real rule: pending, firing after for, and recording output', async () => {
    const { rt, transitions, recordings, feed } = runtime();
    rt.replaceRules(compiler.compile(FILE, 'file', 'cpu.yml'));
    await feed(batch('cpu_usage', T0, 0.95));
    await feed(batch('cpu_usage', T0 + 60_000, 0.97));
    expect(transitions.events.map((e) => [e.rule, e.to])).toEqual([
      ['HighCpu', 'pending'],
      ['HighCpu', 'firing'],
    ]);
    expect(transitions.events[1]?.annotations.summary).toBe('a at 0.97');
    expect(recordings.samples.map((s) => [s.name, s.labels, s.value])).toContainEqual([
      'job:cpu_usage:max',
      { job: 'api' },
      0.97,
    ]);
  });

  it('refuses to load a rule whose regex RE2 refuses, naming the problem and its line', () => {
    expect(() =>
      compiler.compile(FILE.replace('cpu_usage > 0.9', 'cpu_usage{job=~"(?=api)"} > 0.9'), 'file', 'f.yml'),
    ).toThrow(/f.yml:5:\d+: .*lookahead is not supported by RE2/);
  });

  it('evaluates an RE2-only regex on the stream: up{job=~"(?i)api"} == 0 fires for job="API"', async () => {
    const text = `groups:
  - name: up
    rules:
      - alert: ApiDown
        expr: up{job=~"(?i)api"} == 0
`;
    const { rt, transitions, feed } = runtime();
    rt.replaceRules(compiler.compile(text, 'file', 'up.yml'));
    await feed({
      source: 'push',
      series: [
        { name: 'up', labels: { job: 'API', instance: 'a' }, points: [{ timestampMs: T0, value: 0 }] },
        { name: 'up', labels: { job: 'db', instance: 'b' }, points: [{ timestampMs: T0, value: 0 }] },
      ],
    });
    expect(transitions.events.map((e) => [e.rule, e.to, e.labels.job])).toEqual([
      ['ApiDown', 'firing', 'API'],
    ]);
  });

  it('passes EXTERNAL_LABELS to alert templates as $externalLabels', async () => {
    const withLabels = createRuleCompiler({
      defaultIntervalMs: 60_000,
      externalURL: 'http://eval',
      externalLabels: { cluster: 'prod-eu' },
    });
    const text = `groups:
  - name: cpu
    rules:
      - alert: HighCpu
        expr: cpu_usage > 0.9
        labels: { where: "{{ $externalLabels.cluster }}" }
        annotations: { summary: "{{ $labels.instance }} in {{ $externalLabels.cluster }}" }
`;
    const { rt, transitions, feed } = runtime();
    rt.replaceRules(withLabels.compile(text, 'file', 'cpu.yml'));
    await feed(batch('cpu_usage', T0, 0.95));
    expect(transitions.events.map((e) => [e.to, e.labels.where, e.annotations.summary])).toEqual([
      ['firing', 'prod-eu', 'a in prod-eu'],
    ]);
  });

  it('fires an anomaly rule on a latency spike', async () => {
    const { rt, transitions, feed } = runtime();
    rt.replaceRules(compiler.compile(FILE, 'file', 'cpu.yml'));
    for (let i = 0; i < 40; i++) await feed(batch('latency_seconds', T0 + i * 60_000, 0.1 + (i % 3) * 0.001));
    expect(transitions.events).toEqual([]);
    await feed(batch('latency_seconds', T0 + 40 * 60_000, 2));
    expect(transitions.events.map((e) => [e.rule, e.from, e.to])).toEqual([
      ['LatencySpike', 'inactive', 'firing'],
    ]);
  });
});
