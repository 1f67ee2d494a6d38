import type { SampleBatch } from '@streamwatch/metrics-core';
import { MemoryStateStore, testRuntime } from './fakes';
import { createRuleCompiler } from './rule-compiler';

const T = 1_800_000_000_000;
const iso = (ms: number) => new Date(ms).toISOString();

const RULES = `groups:
  - name: g
    rules:
      - alert: High
        expr: x > 5
        for: 30s
      - alert: TotalHigh
        expr: sum(x) > 25
`;

function setup(opts: { replaying?: () => boolean; state?: MemoryStateStore } = {}) {
  const { rt, clock, registry, transitions, sink, state } = testRuntime(T, {
    replaying: opts.replaying,
    ...(opts.state && { state: opts.state }),
  });
  rt.replaceRules(
    createRuleCompiler({ defaultIntervalMs: 60_000, externalURL: '' }).compile(RULES, 'file', 'r.yml'),
  );
  const send = (instance: string, t: number, value: number) => {
    const b: SampleBatch = {
      source: 'push',
      series: [{ name: 'x', labels: { job: 'j', instance }, points: [{ timestampMs: t, value }] }],
    };
    return rt.handleBatch(b, false);
  };
  const events = (rule?: string) =>
    transitions.events
      .filter((e) => rule === undefined || e.rule === rule)
      .map((e) => `${e.rule}/${e.labels.instance ?? ''}:${e.to}@${(Date.parse(e.at) - T) / 1000}`);
  return { clock, registry, transitions, sink, state, rt, send, events };
}

describe('event time per source', () => {
  it("does not let a source stamped 60 s ahead delay, suppress or trigger another source's alert", async () => {
    const h = setup();
    await h.send('ahead', T + 60_000, 1);
    for (let s = 0; s <= 30; s += 15) {
      h.clock.t = T + s * 1000;
      await h.send('b', T + s * 1000, 10);
    }
    expect(h.events('High')).toEqual(['High/b:pending@0', 'High/b:firing@30']);
    expect(await h.registry.getSingleMetricAsString('streamwatch_evaluator_samples_late_total')).toMatch(
      / 0$/m,
    );
  });

  it('evaluates rules over every source at a time the ahead source cannot pull past the wall clock', async () => {
    const h = setup();
    await h.send('ahead', T + 60_000, 20);
    await h.send('b', T, 10);
    // at the wall clock's time the ahead sample is still in the future, as it would be for Prometheus
    expect(h.events('TotalHigh')).toEqual([]);
    h.clock.t = T + 30_000;
    await h.rt.tick();
    expect(h.events('TotalHigh')).toEqual([]);
    h.clock.t = T + 65_000;
    await h.rt.tick();
    expect(h.events('TotalHigh')).toEqual(['TotalHigh/:firing@60']);
  });

  it('evaluates a source replaying five minutes of its own samples in its own time', async () => {
    const h = setup();
    h.clock.t = T + 300_000;
    await h.send('live', T + 300_000, 1);
    // b's samples arrive now, stamped five minutes ago and on: in order, each a few seconds apart
    for (let s = 0; s <= 60; s += 15) await h.send('b', T + s * 1000, 10);
    expect(h.events('High')).toEqual(['High/b:pending@0', 'High/b:firing@30']);
    const firing = h.transitions.events.find((e) => e.to === 'firing');
    expect(firing?.activeAt).toBe(iso(T));
  });

  it('catches up a source that resumes behind the time its quiet spell ran on to', async () => {
    const h = setup();
    await h.send('b', T, 1);
    // quiet for five minutes: b's time runs on with the clock
    for (let s = 1; s <= 300; s++) {
      h.clock.t = T + s * 1000;
      await h.rt.tick();
    }
    // then its backlog arrives in order: evaluated as it happened, not dropped as late
    for (let s = 15; s <= 60; s += 15) await h.send('b', T + s * 1000, 10);
    expect(h.events('High')).toEqual(['High/b:pending@15', 'High/b:firing@45']);
  });

  it('steps through one message carrying minutes of a source, as if they had arrived one by one', async () => {
    const h = setup();
    h.clock.t = T + 300_000;
    const b: SampleBatch = {
      source: 'push',
      series: [
        {
          name: 'x',
          labels: { job: 'j', instance: 'b' },
          points: Array.from({ length: 21 }, (_, i) => ({ timestampMs: T + i * 15_000, value: 10 })),
        },
      ],
    };
    await h.rt.handleBatch(b, false);
    // the group interval (60 s) paces the steps, as Prometheus evaluates a group once an interval
    expect(h.events('High')).toEqual(['High/b:pending@0', 'High/b:firing@60']);
  });

  it("does not let the evaluator's own outputs under a source's key move that source's time", async () => {
    const h = setup();
    await h.send('q', T, 10);
    // an ALERTS sample of q's alert, stamped at an evaluation time, comes back on the topic later
    h.clock.t = T + 30_000;
    await h.rt.handleBatch(
      {
        source: 'recording_rule',
        series: [
          {
            name: 'ALERTS',
            labels: { job: 'j', instance: 'q', alertname: 'High', alertstate: 'pending' },
            points: [{ timestampMs: T + 1000, value: 1 }],
          },
        ],
      },
      false,
    );
    // q has been quiet since T: its time runs on to 35 s, past the 30 s `for`
    h.clock.t = T + 40_000;
    await h.rt.tick();
    expect(h.events('High')).toEqual(['High/q:pending@0', 'High/q:firing@35']);
  });

  it("accepts one source's series arriving out of step, as several remote-write shards send them", async () => {
    const h = setup();
    const b: SampleBatch = {
      source: 'push',
      series: [
        { name: 'y', labels: { job: 'j', instance: 'b' }, points: [{ timestampMs: T + 60_000, value: 1 }] },
      ],
    };
    h.clock.t = T + 60_000;
    await h.rt.handleBatch(b, false);
    // x of the same source comes through a shard 60 s behind, in order for x: stored and evaluated
    for (let s = 0; s <= 30; s += 15) await h.send('b', T + s * 1000, 10);
    expect(await h.registry.getSingleMetricAsString('streamwatch_evaluator_samples_late_total')).toMatch(
      / 0$/m,
    );
    // evaluated at the source's time (60 s, from y): pending there, firing once that time is 30 s on
    expect(h.events('High')).toEqual(['High/b:pending@60']);
    h.clock.t = T + 95_000;
    await h.rt.tick();
    expect(h.events('High')).toEqual(['High/b:pending@60', 'High/b:firing@90']);
  });

  it('drops a sample that is late for its own source, counts it, and keeps the others', async () => {
    const h = setup();
    await h.send('b', T, 1);
    await h.send('b', T - 10_000, 10);
    await h.send('c', T - 10_000, 10);
    expect(await h.registry.getSingleMetricAsString('streamwatch_evaluator_samples_late_total')).toMatch(
      / 1$/m,
    );
    expect(h.events('High')).toEqual(['High/c:pending@-10']);
  });

  it('holds rules over every source back while partitions replay, and evaluates them after', async () => {
    let replaying = true;
    const h = setup({ replaying: () => replaying });
    await h.send('a', T, 20);
    await h.send('b', T, 10);
    expect(h.events('TotalHigh')).toEqual([]);
    expect(h.events('High')).toEqual(['High/a:pending@0', 'High/b:pending@0']);
    // a tick while replaying settles nothing: a's and b's alerts stay as the live samples left them
    h.clock.t = T + 60_000;
    await h.rt.tick();
    expect(h.events()).toEqual(['High/a:pending@0', 'High/b:pending@0']);
    replaying = false;
    h.clock.t = T + 61_000;
    await h.rt.tick();
    expect(h.events('TotalHigh')).toEqual(['TotalHigh/:firing@55']);
  });

  it("after a restore, one source's samples leave another source's alerts alone, and a tick settles gone series", async () => {
    const state = new MemoryStateStore();
    const first = setup({ state });
    await first.send('a', T, 10);
    await first.send('b', T, 10);
    await first.rt.flush();
    const second = setup({ state });
    expect(second.rt.restore(await state.loadAll())).toBe(1);
    // only b comes back (a's partition is elsewhere or a stopped): a's pending alert is not resolved by b
    second.clock.t = T + 15_000;
    await second.send('b', T + 15_000, 10);
    expect(second.events('High')).toEqual([]);
    second.clock.t = T + 30_000;
    await second.send('b', T + 30_000, 10);
    expect(second.events('High')).toEqual(['High/b:firing@30']);
    const a = second.rt.loadedRules[0]?.alerting?.activeAlerts().find((x) => x.labels.instance === 'a');
    expect(a).toMatchObject({ state: 'pending', activeAt: T });
    // a's series is in no window here: the tick's per-source pass settles its alert (resolved, as gone)
    second.clock.t = T + 31_000;
    await second.rt.tick();
    expect(second.events('High')).toEqual(['High/b:firing@30', 'High/a:resolved@30']);
  });
});

describe('ALERTS on the stream', () => {
  it('writes ALERTS and ALERTS_FOR_STATE to the samples topic as Prometheus does, with a marker when a state ends', async () => {
    const { rt, clock, recordings } = testRuntime(T);
    rt.replaceRules(
      createRuleCompiler({ defaultIntervalMs: 60_000, externalURL: '' }).compile(RULES, 'file', 'r.yml'),
    );
    const send = async (t: number) => {
      clock.t = t;
      await rt.handleBatch(
        {
          source: 'push',
          series: [
            { name: 'x', labels: { job: 'j', instance: 'b' }, points: [{ timestampMs: t, value: 10 }] },
          ],
        },
        false,
      );
    };
    await send(T);
    await send(T + 30_000);
    const written = recordings.samples
      .filter((s) => s.name.startsWith('ALERTS') && s.labels.alertname === 'High')
      .map(
        (s) =>
          `${s.name}{${s.labels.alertstate ?? ''}}@${(s.timestampMs - T) / 1000}=${Number.isNaN(s.value) ? 'stale' : s.value}`,
      );
    expect(written.sort()).toEqual(
      [
        'ALERTS{pending}@0=1',
        `ALERTS_FOR_STATE{}@0=${T / 1000}`,
        'ALERTS{firing}@30=1',
        `ALERTS_FOR_STATE{}@30=${T / 1000}`,
        'ALERTS{pending}@30=stale',
      ].sort(),
    );
  });
});
