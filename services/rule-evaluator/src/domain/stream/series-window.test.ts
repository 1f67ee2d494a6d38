import { isStaleNaN, STALE_NAN } from '@streamwatch/metrics-core';
import { SeriesWindow } from './series-window';

describe('SeriesWindow', () => {
  it('keeps points in time order across growth, wrap-around and trimming', () => {
    const w = new SeriesWindow(2);
    for (let t = 1; t <= 10; t++) w.append(t * 1000, t);
    w.trimBefore(6000);
    for (let t = 11; t <= 14; t++) w.append(t * 1000, t);
    expect(w.range(0, Infinity).map((p) => p.v)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(w.range(8000, 10_000).map((p) => p.t)).toEqual([8000, 9000, 10_000]);
  });

  it('inserts a late point in place and overwrites a duplicate timestamp', () => {
    const w = new SeriesWindow();
    w.append(1000, 1);
    w.append(3000, 3);
    w.append(2000, 2);
    w.append(3000, 30);
    expect(w.range(0, Infinity)).toEqual([
      { t: 1000, v: 1 },
      { t: 2000, v: 2 },
      { t: 3000, v: 30 },
    ]);
  });

  it('keeps its first and newest time and newest value in step with the points', () => {
    const w = new SeriesWindow(2);
    const newest = () => [w.firstT, w.lastT, w.lastV, w.lastStale];
    expect(newest()).toEqual([Infinity, -Infinity, NaN, false]);
    w.append(2000, 2);
    w.append(4000, 4);
    w.append(1000, 1);
    expect(newest()).toEqual([1000, 4000, 4, false]);
    w.append(3000, 3);
    w.append(4000, 40);
    expect(newest()).toEqual([1000, 4000, 40, false]);
    w.append(5000, STALE_NAN);
    expect(newest()).toEqual([1000, 5000, NaN, true]);
    w.append(5000, 50);
    expect(newest()).toEqual([1000, 5000, 50, false]);
    w.trimBefore(2500);
    expect(newest()).toEqual([3000, 5000, 50, false]);
    expect(w.range(0, Infinity).map((p) => p.t)).toEqual([3000, 4000, 5000]);
    w.trimBefore(6000);
    expect([w.length, ...newest()]).toEqual([0, Infinity, -Infinity, NaN, false]);
    w.append(7000, 7);
    expect(newest()).toEqual([7000, 7000, 7, false]);
  });

  it('keeps the stale marker distinct from an ordinary NaN', () => {
    const w = new SeriesWindow();
    w.append(1, NaN);
    w.append(2, STALE_NAN);
    const [a, b] = w.range(0, 10);
    expect(isStaleNaN(a?.v as number)).toBe(false);
    expect(isStaleNaN(b?.v as number)).toBe(true);
    expect(a?.stale).toBeUndefined();
    expect(b?.stale).toBe(true);
  });

  it('keeps a marker flagged explicitly even when its NaN lost the payload, across inserts and growth', () => {
    const w = new SeriesWindow(2);
    w.append(3, NaN, true);
    w.append(1, 1);
    w.append(2, NaN);
    for (let t = 4; t < 10; t++) w.append(t, t);
    expect(
      w
        .range(0, 10)
        .filter((p) => p.stale)
        .map((p) => p.t),
    ).toEqual([3]);
    expect(w.stale(2)).toBe(true);
  });

  it('grows a full window at once to the span it is expected to hold at its spacing, within a bound', () => {
    const fill = (spanMs: number, hinted: boolean, stepMs: number, points: number) => {
      const w = new SeriesWindow();
      for (let i = 0; i < points; i++) {
        w.append(i * stepMs, i, false, hinted ? spanMs : 0);
        w.trimBefore(i * stepMs - spanMs);
      }
      return w;
    };
    // the array header and the oldest time, newest time and newest value before the ring
    const capacity = (w: SeriesWindow) => (w.bytes - 16 - 24) / 16;
    // 40 s at 1 s a point is 42 points with the margin, rounded up to the slab's size class of 48
    expect(capacity(fill(40_000, true, 1000, 200))).toBe(48);
    expect(capacity(fill(40_000, false, 1000, 200))).toBe(64);
    const dense = fill(1_000_000, true, 1, 300);
    expect(capacity(dense)).toBe(512);
    expect(dense.range(0, Infinity).map((p) => p.v)).toEqual(Array.from({ length: 300 }, (_, i) => i));
  });

  it('shrinks after most points are trimmed', () => {
    const w = new SeriesWindow();
    for (let t = 0; t < 1000; t++) w.append(t, t);
    const big = w.bytes;
    w.trimBefore(990);
    expect(w.length).toBe(10);
    expect(w.bytes).toBeLessThan(big);
    expect(w.firstT).toBe(990);
    // from a capacity that is no power of two
    const odd = new SeriesWindow();
    for (let t = 0; t < 200; t++) odd.append(t * 1000, t, false, 40_000);
    for (let t = 195; t < 200; t++) odd.trimBefore(t * 1000);
    expect(odd.range(0, Infinity).map((p) => p.v)).toEqual([199]);
    expect(odd.bytes).toBeLessThan(big);
  });
});

describe('SeriesWindow.latest', () => {
  it('is the newest point of range(minT, maxT), markers included', () => {
    const w = new SeriesWindow(2);
    for (let t = 1; t <= 9; t++) w.append(t * 1000, t % 4 === 0 ? STALE_NAN : t);
    w.append(5500, 55);
    for (const [minT, maxT] of [
      [0, Infinity],
      [2000, 5600],
      [4000, 4000],
      [4100, 4900],
      [10_000, 20_000],
      [0, 500],
      [3000, 8000],
    ] as const) {
      const all = w.range(minT, maxT);
      expect(w.latest(minT, maxT)).toEqual(all[all.length - 1]);
    }
    expect(w.latest(4000, 4000)?.stale).toBe(true);
  });
});
