import { hashIds, SeriesTable, type IdentifiedSeries } from './series-table';

class S implements IdentifiedSeries {
  readonly hash: number;
  constructor(readonly ids: number[]) {
    this.hash = hashIds(Int32Array.from(ids), 0, ids.length);
  }
  sameIds(ids: Int32Array, from: number, length: number): boolean {
    return length === this.ids.length && this.ids.every((id, i) => ids[from + i] === id);
  }
}

describe('SeriesTable', () => {
  it('finds, grows and removes series by id tuple, at any offset of the query array', () => {
    const table = new SeriesTable<S>();
    const all = Array.from({ length: 5000 }, (_, i) => new S([i % 7, i, i % 3]));
    for (const s of all) table.add(s);
    const query = new Int32Array(8);
    for (const s of all) {
      query.set(s.ids, 2);
      expect(table.find(query, 2, 3, s.hash)).toBe(s);
    }
    for (const s of all.filter((_, i) => i % 2 === 0)) table.remove(s);
    all.forEach((s, i) => {
      query.set(s.ids, 0);
      expect(table.find(query, 0, 3, s.hash)).toBe(i % 2 === 0 ? undefined : s);
    });
    expect(table.size).toBe(2500);
    for (const s of all.filter((_, i) => i % 2 === 0)) table.add(s);
    for (const s of all) {
      query.set(s.ids, 1);
      expect(table.find(query, 1, 3, s.hash)).toBe(s);
    }
    query.set([1, 1, 1], 0);
    expect(table.find(query, 0, 2, hashIds(query, 0, 2))).toBeUndefined();
  });

  it('keeps every series reachable when removals happen inside long probe runs that wrap around', () => {
    const table = new SeriesTable<S>();
    // Series whose hashes all land on the last few slots, so their probe runs wrap past the end of the table.
    const all = Array.from({ length: 300 }, (_, i) => {
      const s = new S([i]);
      (s as { hash: number }).hash = 1020 + (i % 6);
      return s;
    });
    for (const s of all) table.add(s);
    const query = new Int32Array(1);
    let alive = new Set(all);
    for (let round = 0; round < 5; round++) {
      for (const s of all.filter((_, i) => (i + round) % 3 === 0)) {
        table.remove(s);
        alive.delete(s);
      }
      for (const s of all) {
        query[0] = s.ids[0] as number;
        expect(table.find(query, 0, 1, s.hash)).toBe(alive.has(s) ? s : undefined);
      }
      for (const s of all.filter((s) => !alive.has(s) && (s.ids[0] as number) % 2 === 0)) table.add(s);
      alive = new Set(all.filter((s) => alive.has(s) || (s.ids[0] as number) % 2 === 0));
      expect(table.size).toBe(alive.size);
    }
  });
});
