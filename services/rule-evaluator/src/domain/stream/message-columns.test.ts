import {
  encodeSampleBatch,
  STALE_NAN,
  WireFormatError,
  type Labels,
  type SampleBatch,
} from '@streamwatch/metrics-core';
import { StreamScheduler, type StreamRule } from './stream-scheduler';
import { WindowStore } from './window-store';

const rule: StreamRule = {
  id: 'm',
  selectors: [[{ name: '__name__', op: '=~', value: 'm.*' }]],
  windowMs: 600_000,
  intervalMs: 60_000,
  wantsTick: () => false,
};

/** The wall clock of the schedulers below: tests move it along with their samples. */
let wall = 0;

function setup(windowMs = rule.windowMs, maxLayoutBytes?: number) {
  const store = new WindowStore(0);
  const touched: string[] = [];
  const scheduler = new StreamScheduler<StreamRule>({
    store,
    now: () => wall,
    allowedLatenessMs: 5000,
    maxLayoutBytes,
    evaluate: (_r, _t, _tr, _s, scope) => touched.push(...(scope ?? []).map((s) => s.key)),
  });
  scheduler.setRules([{ ...rule, windowMs }]);
  return { store, scheduler, touched };
}

/** Everything the store holds from `minT` on, by key: labels and points (stale flagged). */
function dump(store: WindowStore, minT = -Infinity) {
  const out: Record<string, unknown> = {};
  for (const s of store.select([{ name: '__name__', op: '=~', value: '.+' }], minT, Infinity))
    out[JSON.stringify(s.labels)] = s.points.map((p) => [p.t, p.stale ? 'stale' : p.v]);
  return out;
}

let seed = 11;
const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
function randomBatch(step: number): SampleBatch {
  return {
    source: 'push',
    series: Array.from({ length: 1 + rnd(8) }, () => ({
      name: `m${rnd(3)}`,
      labels: (rnd(2)
        ? { job: `j${rnd(2)}`, instance: `i${rnd(3)}` }
        : { instance: `i${rnd(3)}`, job: `j${rnd(2)}`, a: 'x' }) as Labels,
      points: Array.from({ length: rnd(3) }, (_, k) => ({
        timestampMs: 1_000_000 + step * 1000 + k * 100 - rnd(8000),
        value: rnd(4) === 0 ? STALE_NAN : rnd(100),
      })),
    })),
  };
}

describe('wire messages straight into the store', () => {
  it('gives the same windows, late counts and touched series as decoded batches, with or without a message key', () => {
    const viaBatch = setup();
    const viaWire = setup();
    const viaKeyed = setup();
    for (let step = 0; step < 300; step++) {
      const b = randomBatch(step);
      const buf = encodeSampleBatch(b);
      const expected = viaBatch.scheduler.ingest(b);
      expect(viaWire.scheduler.appendMessage(buf)).toEqual({ points: expected.points, late: expected.late });
      expect(viaKeyed.scheduler.appendMessage(buf, false, `k${step % 3}`)).toEqual({
        points: expected.points,
        late: expected.late,
      });
      viaWire.scheduler.evaluatePending();
      viaKeyed.scheduler.evaluatePending();
      if (step % 50 === 49) for (const x of [viaBatch, viaWire, viaKeyed]) x.store.collect();
    }
    expect(dump(viaWire.store)).toEqual(dump(viaBatch.store));
    expect(dump(viaKeyed.store)).toEqual(dump(viaBatch.store));
    expect(viaWire.touched).toEqual(viaBatch.touched);
    expect(viaKeyed.touched).toEqual(viaBatch.touched);
    expect(viaWire.store.seriesCount).toBe(viaBatch.store.seriesCount);
  });

  it('reads a steady producer through remembered layouts with the same result, also after series are forgotten', () => {
    const viaBatch = setup(3000);
    const viaKeyed = setup(3000);
    const keys = ['a', 'b', 'c'];
    const seriesOf = (key: string) =>
      Array.from({ length: 4 }, (_, i) => ({ name: `m${i % 2}`, labels: { job: key, instance: `i${i}` } }));
    for (let step = 0; step < 900; step++) {
      wall = 1_000_000 + step * 100;
      const key = keys[step % 3] as string;
      // key c goes silent for a while: collect() forgets its series while its layout is still remembered
      if (key === 'c' && step >= 300 && step < 850) continue;
      // a series sends no points for long stretches
      const quiet = (i: number) => Math.floor(step / 150) % 8 === i + 4;
      const b: SampleBatch = {
        source: 'push',
        series: seriesOf(key).map((s, i) => ({
          ...s,
          points: quiet(i)
            ? []
            : Array.from({ length: 1 + rnd(2) }, (_, k) => ({
                timestampMs: 1_000_000 + step * 100 + k * 10 - (key !== 'c' && rnd(10) === 0 ? 9000 : 0),
                value: rnd(5) === 0 ? STALE_NAN : rnd(100),
              })),
        })),
      };
      const expected = viaBatch.scheduler.ingest(b);
      expect(viaKeyed.scheduler.appendMessage(encodeSampleBatch(b), false, key)).toEqual({
        points: expected.points,
        late: expected.late,
      });
      viaKeyed.scheduler.evaluatePending();
      if (step % 20 === 19) {
        viaBatch.scheduler.collect();
        viaKeyed.scheduler.collect();
      }
    }
    viaKeyed.scheduler.applyDeferred();
    expect(viaKeyed.store.generation).toBeGreaterThan(0);
    expect(dump(viaKeyed.store)).toEqual(dump(viaBatch.store));
    expect(viaKeyed.touched).toEqual(viaBatch.touched);
    expect(viaKeyed.store.seriesCount).toBe(viaBatch.store.seriesCount);
  });

  it("holds back a steady producer's points and applies them before every evaluation, tick and collection", () => {
    // an 'exact' threshold rule: series below 50 (or stale) skip it
    const threshold: StreamRule = {
      ...rule,
      windowMs: 4000,
      partial: 'exact',
      passes: { min: 50.000000000000014, max: Infinity, complement: false },
      quiet: () => true,
    };
    const make = () => {
      const store = new WindowStore(0);
      const seen: string[] = [];
      const scheduler = new StreamScheduler<StreamRule>({
        store,
        now: () => 1_000_000 + clock,
        allowedLatenessMs: RETENTION - threshold.windowMs,
        evaluate: (_r, t, _tr, _s, scope) => {
          // what an evaluation may read: every touched series' points within the retention
          for (const s of scope ?? [])
            seen.push(`${t} ${s.key} ${JSON.stringify(s.range(t - RETENTION, Infinity))}`);
        },
      });
      scheduler.setRules([threshold]);
      return { store, scheduler, seen };
    };
    // Points are trimmed once older than the retention; when is not the same for held-back points, so the
    // windows are compared from the retention on, which is all a rule may read.
    const RETENTION = 6000;
    let clock = 0;
    const viaBatch = make();
    const viaKeyed = make();
    const keys = ['a', 'b', 'c'];
    let mostDeferred = 0;
    for (let step = 0; step < 1200; step++) {
      const key = keys[step % 3] as string;
      clock = step * 10;
      const t = 1_000_000 + step * 10;
      const b: SampleBatch = {
        source: 'push',
        series: Array.from({ length: 5 }, (_, i) => ({
          name: `m${i % 2}`,
          labels: { job: key, instance: `i${i}` },
          points:
            // now and then a late point, a repeated timestamp or a second point: not held back
            step % 97 === 5 && i === 2
              ? [{ timestampMs: t - 1500, value: 60 }]
              : step % 89 === 7 && i === 1
                ? [{ timestampMs: t - 30, value: 70 }]
                : step % 83 === 9 && i === 0
                  ? [
                      { timestampMs: t, value: 10 },
                      { timestampMs: t + 1, value: 80 },
                    ]
                  : [{ timestampMs: t, value: rnd(9) === 0 ? STALE_NAN : rnd(60) }],
        })),
      };
      expect(viaKeyed.scheduler.appendMessage(encodeSampleBatch(b), false, key)).toEqual(
        viaBatch.scheduler.append(b),
      );
      mostDeferred = Math.max(mostDeferred, viaKeyed.scheduler.deferredPoints);
      if (step % 4 === 3) for (const x of [viaBatch, viaKeyed]) x.scheduler.evaluatePending();
      if (step % 50 === 49) {
        viaBatch.scheduler.tick();
        viaKeyed.scheduler.tick();
        expect(viaKeyed.scheduler.deferredPoints).toBe(0);
        expect(dump(viaKeyed.store, t - RETENTION)).toEqual(dump(viaBatch.store, t - RETENTION));
      }
      if (step % 300 === 299) {
        viaBatch.scheduler.collect();
        viaKeyed.scheduler.collect();
        expect(viaKeyed.scheduler.deferredPoints).toBe(0);
      }
    }
    for (const x of [viaBatch, viaKeyed]) x.scheduler.evaluatePending();
    viaKeyed.scheduler.applyDeferred();
    expect(mostDeferred).toBeGreaterThanOrEqual(5 * 8);
    expect(viaKeyed.seen.length).toBeGreaterThan(100);
    expect(viaKeyed.seen).toEqual(viaBatch.seen);
    const end = 1_000_000 + 1200 * 10 - RETENTION;
    expect(dump(viaKeyed.store, end)).toEqual(dump(viaBatch.store, end));
    expect(viaKeyed.store.seriesCount).toBe(viaBatch.store.seriesCount);
  });

  it('bounds the bytes remembered layouts hold, and remembers none for a message too large', () => {
    const { scheduler } = setup(rule.windowMs, 20_000);
    const steady = (key: string, series: number, step: number) =>
      encodeSampleBatch({
        source: 'push',
        series: Array.from({ length: series }, (_, i) => ({
          name: 'm1',
          labels: { job: key, instance: `instance-${i}` },
          points: [{ timestampMs: 1_000_000 + step, value: step }],
        })),
      });
    let most = 0;
    for (let step = 0; step < 3; step++)
      for (let k = 0; k < 150; k++) {
        scheduler.appendMessage(steady(`k${k}`, 10, step), false, `k${k}`);
        most = Math.max(most, scheduler.rememberedLayouts.bytes);
      }
    expect(scheduler.rememberedLayouts.count).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(20_000);
    expect(most).toBeGreaterThan(10_000);
    const big = setup(rule.windowMs, 20_000).scheduler;
    for (let step = 0; step < 3; step++) big.appendMessage(steady('big', 200, step), false, 'big');
    expect(big.rememberedLayouts).toEqual({ count: 0, bytes: 0 });
  });

  it("remembers a key's layout from its first message, so its second is held back like any steady message", () => {
    const { store, scheduler } = setup();
    const steady = (step: number) =>
      encodeSampleBatch({
        source: 'push',
        series: ['a', 'b', 'c'].map((instance, i) => ({
          name: 'm1',
          labels: { job: 'j', instance },
          points: [{ timestampMs: 1_000_000 + 1000 * step, value: i + step }],
        })),
      });
    scheduler.appendMessage(steady(0), false, 'k');
    expect(scheduler.rememberedLayouts.count).toBe(1);
    scheduler.appendMessage(steady(1), false, 'k');
    expect(scheduler.deferredPoints).toBe(3);
    scheduler.applyDeferred();
    expect(dump(store)['{"__name__":"m1","instance":"c","job":"j"}']).toEqual([
      [1_000_000, 2],
      [1_001_000, 3],
    ]);
  });

  it('reuses a remembered string table only when it is the same table', () => {
    const { store, scheduler } = setup();
    const one = (name: string, job: string): Buffer =>
      encodeSampleBatch({
        source: 'push',
        series: [{ name, labels: { job }, points: [{ timestampMs: 1_000_000, value: 1 }] }],
      });
    scheduler.appendMessage(one('m1', 'a'), false, 'k');
    scheduler.appendMessage(one('m2', 'b'), false, 'k');
    scheduler.appendMessage(one('m1', 'a'), false, 'k');
    expect(Object.keys(dump(store)).sort()).toEqual([
      '{"__name__":"m1","job":"a"}',
      '{"__name__":"m2","job":"b"}',
    ]);
  });

  it('applies nothing from a malformed message', () => {
    const { store, scheduler } = setup();
    const good = encodeSampleBatch({
      source: 'push',
      series: [
        { name: 'm1', labels: { job: 'a' }, points: [{ timestampMs: 1_000_000, value: 1 }] },
        { name: 'm2', labels: { job: 'b' }, points: [{ timestampMs: 1_000_000, value: 2 }] },
      ],
    });
    expect(() => scheduler.appendMessage(good.subarray(0, good.length - 4), false, 'k')).toThrow(
      WireFormatError,
    );
    expect(store.seriesCount).toBe(0);
    expect(scheduler.pendingRules).toBe(0);
    scheduler.appendMessage(good, false, 'k');
    expect(store.seriesCount).toBe(2);
  });
});
