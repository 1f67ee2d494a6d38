import { IdArena } from './id-arena';

describe('IdArena', () => {
  it('keeps tuples apart as it grows, and moves the live ones together when compacting', () => {
    const arena = new IdArena();
    const tuples = Array.from({ length: 2000 }, (_, i) => Int32Array.from([i, i + 1, i + 2]));
    const placed = tuples.map((ids) => ({ idsAt: arena.add(ids, 0, 3), idsLength: 3, ids }));
    const read = (p: { idsAt: number; idsLength: number }) =>
      Array.from(arena.data.subarray(p.idsAt, p.idsAt + p.idsLength));
    for (const p of placed) expect(read(p)).toEqual(Array.from(p.ids));
    const live = placed.filter((_, i) => i % 3 === 0);
    for (let i = 0; i < placed.length; i++) if (i % 3 !== 0) arena.free(3);
    expect(arena.wasteful).toBe(true);
    arena.compact(live);
    expect(arena.wasteful).toBe(false);
    expect(live[1]?.idsAt).toBe(3);
    for (const p of live) expect(read(p)).toEqual(Array.from(p.ids));
    const next = arena.add(Int32Array.from([7, 8, 9, 10]), 1, 2);
    expect(Array.from(arena.data.subarray(next, next + 2))).toEqual([8, 9]);
    for (const p of live) expect(read(p)).toEqual(Array.from(p.ids));
  });
});
