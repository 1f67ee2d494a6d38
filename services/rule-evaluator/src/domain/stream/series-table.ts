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

/**
 * Series found by their id tuple: a power-of-two bucket array chained through `next` (one array load and an
 * id comparison per lookup, no key string, no Map entry per series); it doubles when it holds more series
 * than buckets.
 */
export class SeriesTable<S extends IdentifiedSeries<S>> {
  private buckets: Array<S | undefined> = new Array<S | undefined>(1024).fill(undefined);
  private mask = 1023;
  private count = 0;

  find(ids: Int32Array, from: number, length: number, hash: number): S | undefined {
    for (let s = this.buckets[hash & this.mask]; s !== undefined; s = s.next)
      if (s.hash === hash && sameIds(s.ids, ids, from, length)) return s;
    return undefined;
  }

  add(series: S): void {
    if (this.count >= this.buckets.length) this.resize(this.buckets.length * 2);
    const at = series.hash & this.mask;
    series.next = this.buckets[at];
    this.buckets[at] = series;
    this.count++;
  }

  remove(series: S): void {
    const at = series.hash & this.mask;
    let s = this.buckets[at];
    if (s === series) {
      this.buckets[at] = series.next;
      this.count--;
      return;
    }
    for (; s !== undefined; s = s.next)
      if (s.next === series) {
        s.next = series.next;
        this.count--;
        return;
      }
  }

  private resize(size: number): void {
    const old = this.buckets;
    this.buckets = new Array<S | undefined>(size).fill(undefined);
    this.mask = size - 1;
    for (let head of old)
      while (head !== undefined) {
        const next = head.next;
        const at = head.hash & this.mask;
        head.next = this.buckets[at];
        this.buckets[at] = head;
        head = next;
      }
  }
}
