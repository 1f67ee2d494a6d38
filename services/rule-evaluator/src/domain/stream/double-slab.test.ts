import { DoubleSlab } from './double-slab';
import { SeriesWindow } from './series-window';

describe('DoubleSlab', () => {
  it('hands out disjoint regions across chunks and reuses given-back regions of the same size', () => {
    const slab = new DoubleSlab(64);
    const regions = Array.from({ length: 40 }, (_, i) => {
      const size = 5 + (i % 3);
      const at = slab.take(size);
      const data = slab.taken;
      data.fill(i, at, at + size);
      return { data, at, size, i };
    });
    for (const r of regions)
      expect(Array.from(r.data.subarray(r.at, r.at + r.size))).toEqual(Array(r.size).fill(r.i));
    expect(new Set(regions.map((r) => r.data)).size).toBeGreaterThan(1);
    const back = regions[7] as (typeof regions)[number];
    slab.give(back.data, back.at, back.size);
    expect(slab.heldDoubles).toBe(regions.reduce((n, r) => n + r.size, 0) - back.size);
    expect(slab.take(back.size)).toBe(back.at);
    expect(slab.taken).toBe(back.data);
  });

  it('drops a chunk once every region in it is given back', () => {
    const slab = new DoubleSlab(4);
    const taken = Array.from({ length: 28 }, () => ({ at: slab.take(11), data: slab.taken }));
    expect(new Set(taken.map((r) => r.data)).size).toBe(3);
    const most = slab.byteLength;
    for (const r of taken) slab.give(r.data, r.at, 11);
    expect(slab.heldDoubles).toBe(0);
    expect(slab.byteLength).toBe(0);
    expect(most).toBe(28 * 11 * 8);
    // a size whose only region comes and goes reuses the dropped chunks' places
    for (let i = 0; i < 100; i++) {
      const at = slab.take(7);
      slab.give(slab.taken, at, 7);
    }
    expect((slab as unknown as { chunks: unknown[] }).chunks.length).toBe(3);
    const again = Array.from({ length: 20 }, () => ({ at: slab.take(11), data: slab.taken }));
    again.forEach((r, i) => r.data.fill(i, r.at, r.at + 11));
    again.forEach((r, i) => expect(Array.from(r.data.subarray(r.at, r.at + 11))).toEqual(Array(11).fill(i)));
  });

  it('lets windows sharing a slab grow, shrink and be released without touching each other', () => {
    const slab = new DoubleSlab(32);
    const windows = Array.from({ length: 20 }, () => new SeriesWindow(4, slab));
    for (let t = 1; t <= 60; t++)
      windows.forEach((w, k) => {
        if (k % 3 === 0 || t <= 10) w.append(t * 1000, k * 100 + t, false, 30_000);
      });
    windows.forEach((w, k) => {
      if (k % 3 !== 0) w.release();
    });
    const fresh = Array.from({ length: 10 }, () => new SeriesWindow(4, slab));
    fresh.forEach((w, k) => w.append(70_000, -k));
    windows.forEach((w, k) => {
      if (k % 3 !== 0) return expect(w.length).toBe(0);
      w.trimBefore(45_000);
      expect(w.range(0, Infinity)).toEqual(
        Array.from({ length: 16 }, (_, i) => ({ t: (45 + i) * 1000, v: k * 100 + 45 + i })),
      );
    });
    fresh.forEach((w, k) => expect(w.range(0, Infinity)).toEqual([{ t: 70_000, v: -k }]));
    const released = windows[1] as SeriesWindow;
    released.append(80_000, 1);
    released.append(79_000, 2);
    expect(released.range(0, Infinity)).toEqual([
      { t: 79_000, v: 2 },
      { t: 80_000, v: 1 },
    ]);
    // a released window has no room: even the out-of-order path must take a region before writing
    const small = new DoubleSlab(64);
    const another = new SeriesWindow(4, small);
    another.release();
    another.append(-Infinity, 3);
    // more released windows written the same way: their regions come right after `another`'s
    const others = [new SeriesWindow(4, small), new SeriesWindow(4, small)];
    others.forEach((w, k) => {
      w.release();
      w.append(-Infinity, 10 + k);
    });
    const next = [new SeriesWindow(4, small), new SeriesWindow(4, small)];
    next.forEach((w, k) => w.append(90_000, k));
    expect(another.range(-Infinity, Infinity)).toEqual([{ t: -Infinity, v: 3 }]);
    others.forEach((w, k) => expect(w.range(-Infinity, Infinity)).toEqual([{ t: -Infinity, v: 10 + k }]));
    next.forEach((w, k) => expect(w.range(0, Infinity)).toEqual([{ t: 90_000, v: k }]));
    fresh.forEach((w, k) => expect(w.range(0, Infinity)).toEqual([{ t: 70_000, v: -k }]));
  });
});
