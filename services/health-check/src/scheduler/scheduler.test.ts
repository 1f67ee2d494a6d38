import type { ProbeOutcome, ProbeResult } from '../domain/probe-result';
import type { Probe } from '../ports';
import { FakeClock } from '../testing/fake-clock';
import { Scheduler, type ScheduledJob } from './scheduler';

function deferredProbe(): Probe & {
  calls: number;
  resolveAll(o?: ProbeOutcome): void;
  signals: AbortSignal[];
} {
  const pending: Array<(o: ProbeOutcome) => void> = [];
  const p = {
    calls: 0,
    signals: [] as AbortSignal[],
    run(signal: AbortSignal) {
      p.calls++;
      p.signals.push(signal);
      return new Promise<ProbeOutcome>((resolve) => pending.push(resolve));
    },
    resolveAll(o: ProbeOutcome = { success: true }) {
      pending.splice(0).forEach((r) => r(o));
    },
  };
  return p;
}

const instant = (outcome: ProbeOutcome = { success: true }): Probe => ({ run: async () => outcome });

function setup(jobs: ScheduledJob[], opts: { concurrency?: number; random?: () => number } = {}) {
  const clock = new FakeClock(1_000_000);
  const results: Array<{ name: string; at: number; result: ProbeResult }> = [];
  const drift: number[] = [];
  const skipped: string[] = [];
  let maxInFlight = 0;
  const scheduler = new Scheduler({
    clock,
    concurrency: opts.concurrency ?? 10,
    random: opts.random ?? (() => 0),
    hooks: {
      onResult: (name, result) => results.push({ name, at: clock.now(), result }),
      onDrift: (s) => drift.push(s),
      onSkipped: (name) => skipped.push(name),
      onInFlight: (n) => (maxInFlight = Math.max(maxInFlight, n)),
    },
  });
  scheduler.start(jobs);
  return { clock, scheduler, results, drift, skipped, maxInFlight: () => maxInFlight };
}

describe('scheduler', () => {
  it('spreads first runs over the interval by the jitter source, then runs at a fixed rate', async () => {
    const phases = [0, 0.25, 0.5];
    const jobs = ['a', 'b', 'c'].map((name) => ({
      name,
      intervalMs: 1000,
      timeoutMs: 500,
      probe: instant(),
    }));
    const { clock, results, scheduler } = setup(jobs, { random: () => phases.shift() as number });
    await clock.advance(2600);
    expect(results.map((r) => [r.name, r.at - 1_000_000])).toEqual([
      ['a', 0],
      ['b', 250],
      ['c', 500],
      ['a', 1000],
      ['b', 1250],
      ['c', 1500],
      ['a', 2000],
      ['b', 2250],
      ['c', 2500],
    ]);
    await scheduler.stop();
  });

  it('never runs more than `concurrency` probes at once and measures the queueing as drift', async () => {
    const probe = deferredProbe();
    const jobs = Array.from({ length: 5 }, (_, i) => ({
      name: `t${i}`,
      intervalMs: 10_000,
      timeoutMs: 5_000,
      probe,
    }));
    const s = setup(jobs, { concurrency: 2 });
    await s.clock.advance(0);
    expect(probe.calls).toBe(2);
    await s.clock.advance(100);
    probe.resolveAll();
    await s.clock.advance(0);
    expect(probe.calls).toBe(4);
    await s.clock.advance(200);
    probe.resolveAll();
    await s.clock.advance(0);
    probe.resolveAll();
    await s.clock.advance(0);
    expect(s.results).toHaveLength(5);
    expect(s.maxInFlight()).toBe(2);
    expect(s.drift).toEqual([0, 0, 0.1, 0.1, 0.3]);
    await s.scheduler.stop();
  });

  it('cuts a hanging probe at its timeout, aborts it and frees its slot for the others', async () => {
    const hang: Probe & { signal?: AbortSignal } = {
      run(signal) {
        hang.signal = signal;
        return new Promise(() => undefined);
      },
    };
    const jobs = [
      { name: 'hang', intervalMs: 10_000, timeoutMs: 3_000, probe: hang },
      { name: 'ok', intervalMs: 10_000, timeoutMs: 3_000, probe: instant() },
    ];
    const s = setup(jobs, { concurrency: 1 });
    await s.clock.advance(2_999);
    expect(s.results).toEqual([]);
    await s.clock.advance(1);
    expect(hang.signal?.aborted).toBe(true);
    expect(s.results[0]).toMatchObject({
      name: 'hang',
      result: { success: false, reason: 'timeout', durationSeconds: 3 },
    });
    expect(s.results[1]).toMatchObject({ name: 'ok', at: 1_003_000, result: { success: true } });
    await s.scheduler.stop();
  });

  it('turns a throwing probe into an error result', async () => {
    const s = setup([
      {
        name: 'boom',
        intervalMs: 1000,
        timeoutMs: 500,
        probe: { run: async () => Promise.reject(new Error('kaput')) },
      },
    ]);
    await s.clock.advance(0);
    expect(s.results[0]?.result).toMatchObject({ success: false, reason: 'error', error: 'kaput' });
    await s.scheduler.stop();
  });

  it('skips a run whose previous run is still queued instead of piling up', async () => {
    const probe = deferredProbe();
    const s = setup(
      [
        { name: 'slow', intervalMs: 1000, timeoutMs: 5_000, probe },
        { name: 'starved', intervalMs: 1000, timeoutMs: 5_000, probe: instant() },
      ],
      { concurrency: 1 },
    );
    await s.clock.advance(2500);
    expect(s.skipped).toEqual(['slow', 'starved', 'slow', 'starved']);
    probe.resolveAll();
    await s.clock.advance(0);
    expect(s.results.map((r) => r.name)).toEqual(['slow', 'starved']);
    expect(s.drift[1]).toBeCloseTo(2.5);
    await s.scheduler.stop();
  });

  it('stop() clears timers and aborts running probes', async () => {
    const probe = deferredProbe();
    const s = setup([{ name: 'a', intervalMs: 1000, timeoutMs: 900, probe }]);
    await s.clock.advance(0);
    const stopping = s.scheduler.stop();
    expect(probe.signals[0]?.aborted).toBe(true);
    probe.resolveAll();
    await stopping;
    expect(s.clock.pending()).toBe(0);
    expect(s.results).toEqual([]);
  });
});
