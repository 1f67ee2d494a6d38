/** A stored series' identity as interned ids: `[name, label1, value1, label2, value2, ...]`, labels sorted by name. */
export interface IdentifiedSeries<S> {
  /** A plain array of small integers: lighter than a typed array for a handful of ids. */
  readonly ids: readonly number[];
  readonly hash: number;
  /** The next series in the same hash bucket. */
  next: S | undefined;
}

/** Hash of `ids[from..from+length)`, a small integer (kept within V8's small-integer range for fast Map keys). */
export function hashIds(ids: Int32Array, from: number, length: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = from; i < from + length; i++) h = Math.imul(h ^ (ids[i] as number), 0x01000193);
  return (h ^ (h >>> 15)) & 0x3fffffff;
}

function sameIds(a: readonly number[], b: Int32Array, from: number, length: number): boolean {
  if (a.length !== length) return false;
  for (let i = 0; i < length; i++) if (a[i] !== b[from + i]) return false;
  return true;
}

/** Series found by their id tuple: one small-integer Map lookup and an id comparison, no key string. */
export class SeriesTable<S extends IdentifiedSeries<S>> {
  private readonly buckets = new Map<number, S>();

  find(ids: Int32Array, from: number, length: number, hash: number): S | undefined {
    for (let s = this.buckets.get(hash); s !== undefined; s = s.next) if (sameIds(s.ids, ids, from, length)) return s;
    return undefined;
  }

  add(series: S): void {
    series.next = this.buckets.get(series.hash);
    this.buckets.set(series.hash, series);
  }

  remove(series: S): void {
    let s = this.buckets.get(series.hash);
    if (s === series) {
      if (series.next === undefined) this.buckets.delete(series.hash);
      else this.buckets.set(series.hash, series.next);
      return;
    }
    for (; s !== undefined; s = s.next)
      if (s.next === series) {
        s.next = series.next;
        return;
      }
  }
}
