import { hashIds, SeriesTable, type IdentifiedSeries } from './series-table';

class S implements IdentifiedSeries<S> {
  next: S | undefined = undefined;
  readonly hash: number;
  constructor(readonly ids: number[]) {
    this.hash = hashIds(Int32Array.from(ids), 0, ids.length);
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
    query.set([1, 1, 1], 0);
    expect(table.find(query, 0, 2, hashIds(query, 0, 2))).toBeUndefined();
  });
});
