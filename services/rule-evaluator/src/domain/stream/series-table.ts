import { HashSlots } from './hash-slots';

/** A stored series' identity as interned ids: `[name, label1, value1, label2, value2, ...]`, labels sorted by name. */
export interface IdentifiedSeries {
  /** A plain array of small integers: lighter than a typed array for a handful of ids. */
  readonly ids: readonly number[];
  readonly hash: number;
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

/** Series found by their id tuple, through `HashSlots`: a lookup reads a series only when its hash matches. */
export class SeriesTable<S extends IdentifiedSeries> {
  private readonly slots = new HashSlots();
  private readonly entries: Array<S | undefined> = [];
  private readonly free: number[] = [];

  get size(): number {
    return this.slots.size;
  }

  find(ids: Int32Array, from: number, length: number, hash: number): S | undefined {
    const slots = this.slots;
    for (let at = slots.home(hash); ; at = slots.next(at)) {
      const entry = slots.entry(at);
      if (entry < 0) return undefined;
      if (slots.hash(at) !== hash) continue;
      const s = this.entries[entry] as S;
      if (sameIds(s.ids, ids, from, length)) return s;
    }
  }

  add(series: S): void {
    const entry = this.free.pop() ?? this.entries.length;
    this.entries[entry] = series;
    this.slots.add(series.hash, entry);
  }

  remove(series: S): void {
    const slots = this.slots;
    for (let at = slots.home(series.hash); ; at = slots.next(at)) {
      const entry = slots.entry(at);
      if (entry < 0) return;
      if (this.entries[entry] !== series) continue;
      this.entries[entry] = undefined;
      this.free.push(entry);
      slots.removeAt(at);
      return;
    }
  }
}
