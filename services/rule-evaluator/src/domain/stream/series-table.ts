import { HashSlots } from './hash-slots';

/** A stored series' identity: interned ids `[name, label1, value1, label2, value2, ...]`, labels sorted by name. */
export interface IdentifiedSeries {
  readonly hash: number;
  /** True when its ids are `ids[from..from+length)`. */
  sameIds(ids: Int32Array, from: number, length: number): boolean;
}

/** Hash of `ids[from..from+length)`, a small integer (kept within V8's small-integer range for fast Map keys). */
export function hashIds(ids: Int32Array, from: number, length: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = from; i < from + length; i++) h = Math.imul(h ^ (ids[i] as number), 0x01000193);
  return (h ^ (h >>> 15)) & 0x3fffffff;
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
      if (s.sameIds(ids, from, length)) return s;
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
