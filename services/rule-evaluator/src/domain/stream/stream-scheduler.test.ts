import type { SampleBatch } from '@streamwatch/metrics-core';
import { StreamScheduler, type StreamRule, type Trigger } from './stream-scheduler';
import { WindowStore } from './window-store';

class FakeRule implements StreamRule {
  active = false;
  constructor(
    readonly id: string,
    readonly selectors: StreamRule['selectors'],
    readonly windowMs = 300_000,
    readonly intervalMs = 60_000,
  ) {}
  wantsTick(): boolean {
    return this.active;
  }
}

const batch = (name: string, job: string, ...points: Array<[number, number]>): SampleBatch => ({
  source: 'push',
  series: [{ name, labels: { job }, points: points.map(([timestampMs, value]) => ({ timestampMs, value })) }],
});

function setup() {
  let now = 1_000_000;
  const calls: Array<{ id: string; t: number; trigger: Trigger; sampleT?: number }> = [];
  const store = new WindowStore(0);
  const scheduler = new StreamScheduler<FakeRule>({
    store,
    now: () => now,
    allowedLatenessMs: 5000,
    evaluate: (rule, t, trigger, sampleT) => calls.push({ id: rule.id, t, trigger, sampleT }),
  });
  const up = new FakeRule('up', [[{ name: '__name__', op: '=', value: 'up' }]], 600_000);
  const cpu = new FakeRule('cpu', [[{ name: '__name__', op: '=', value: 'cpu' }]]);
  scheduler.setRules([up, cpu]);
  return { scheduler, calls, store, up, cpu, advance: (ms: number) => (now += ms) };
}

describe('StreamScheduler', () => {
  it('sizes the store retention from the longest rule window plus the lateness', () => {
    expect(setup().store.retentionMs).toBe(605_000);
  });

  it("finds a name's rules again after its interned id was reused for another name", () => {
    const { scheduler, calls, store, advance } = setup();
    const one = (name: string, timestampMs: number): SampleBatch => ({
      source: 'push',
      series: [{ name, labels: {}, points: [{ timestampMs, value: 1 }] }],
    });
    scheduler.ingest(one('up', 2_000_000));
    // 'up' lives in its own source's time, which runs on with the clock once it has been quiet
    advance(store.retentionMs + 5000 + 1);
    scheduler.ingest(one('unrelated', 2_000_000 + store.retentionMs + 1));
    expect(scheduler.collect()).toBe(1);
    calls.length = 0;
    // 'up' had no labels: its only string's id is free again, and the next new name takes it
    scheduler.ingest(one('cpu', 2_000_000 + store.retentionMs + 1));
    expect(store.seriesCount).toBe(2);
    expect(calls.map((c) => c.id)).toEqual(['cpu']);
  });

  it('evaluates only the rules matching touched series, at the event time', () => {
    const { scheduler, calls, advance } = setup();
    advance(1_001_000);
    const res = scheduler.ingest(batch('up', 'api', [2_000_000, 1], [2_001_000, 1]));
    expect(res).toEqual({ points: 2, late: 0, rulesEvaluated: 1 });
    expect(calls).toEqual([{ id: 'up', t: 2_001_000, trigger: 'sample', sampleT: 2_001_000 }]);
    scheduler.ingest(batch('unrelated', 'api', [2_002_000, 1]));
    expect(calls).toHaveLength(1);
  });

  it('drops samples older than the allowed lateness and never evaluates a rule back in time', () => {
    const { scheduler, calls, advance } = setup();
    advance(1_010_000);
    scheduler.ingest(batch('up', 'a', [2_010_000, 1]));
    const late = scheduler.ingest(batch('up', 'a', [2_004_000, 1], [2_006_000, 1]));
    expect(late.late).toBe(1);
    expect(calls.map((c) => c.t)).toEqual([2_010_000, 2_010_000]);
  });

  it('ticks rules that want it and those unevaluated for their interval, advancing event time with the clock', () => {
    const { scheduler, calls, up, cpu, advance } = setup();
    scheduler.ingest(batch('up', 'a', [990_000, 1]));
    scheduler.ingest(batch('cpu', 'a', [990_000, 1]));
    calls.length = 0;
    up.active = true;
    advance(1000);
    expect(scheduler.tick()).toBe(1);
    expect(calls).toEqual([{ id: 'up', t: 996_000, trigger: 'tick', sampleT: undefined }]);
    advance(60_000);
    scheduler.tick();
    expect(calls.filter((c) => c.id === cpu.id)).toHaveLength(1);
  });

  it('only fills the windows while replaying', () => {
    const { scheduler, calls, store } = setup();
    scheduler.ingest(batch('up', 'a', [2_000_000, 1]));
    scheduler.ingest(batch('up', 'a', [1_500_000, 1]), true);
    expect(calls).toHaveLength(1);
    expect(store.find('up', { job: 'a' })?.window.length).toBe(2);
  });
});
