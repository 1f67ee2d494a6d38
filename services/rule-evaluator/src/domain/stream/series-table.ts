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

/**
 * Series found by their id tuple: an open-addressing table (linear probing, at most half full) of
 * (hash, entry) pairs in one Int32Array. A probe reads one pair, and a series object only when its hash
 * matches, so a lookup of a new series touches no other series, and growing the table reads none.
 */
export class SeriesTable<S extends IdentifiedSeries> {
  /** Slot i is `[hash, entry + 1]` at `[2i, 2i + 1]`; an entry of 0 is an empty slot. */
  private slots = new Int32Array(2 * 1024);
  private mask = 1023;
  private count = 0;
  private readonly entries: Array<S | undefined> = [];
  private readonly free: number[] = [];

  get size(): number {
    return this.count;
  }

  find(ids: Int32Array, from: number, length: number, hash: number): S | undefined {
    const slots = this.slots;
    for (let at = hash & this.mask; ; at = (at + 1) & this.mask) {
      const entry = slots[2 * at + 1] as number;
      if (entry === 0) return undefined;
      if (slots[2 * at] !== hash) continue;
      const s = this.entries[entry - 1] as S;
      if (sameIds(s.ids, ids, from, length)) return s;
    }
  }

  add(series: S): void {
    if (2 * (this.count + 1) > this.mask + 1) this.resize(2 * (this.mask + 1));
    const entry = this.free.pop() ?? this.entries.length;
    this.entries[entry] = series;
    this.place(this.slots, this.mask, series.hash, entry + 1);
    this.count++;
  }

  remove(series: S): void {
    const slots = this.slots;
    const mask = this.mask;
    let hole = series.hash & mask;
    for (; ; hole = (hole + 1) & mask) {
      const entry = slots[2 * hole + 1] as number;
      if (entry === 0) return;
      if (this.entries[entry - 1] === series) break;
    }
    const entry = (slots[2 * hole + 1] as number) - 1;
    this.entries[entry] = undefined;
    this.free.push(entry);
    this.count--;
    // Backward-shift deletion: pull later pairs of the probe run into the hole unless that would put one
    // before its home slot, so every remaining pair stays reachable from its home without tombstones.
    for (let j = (hole + 1) & mask; slots[2 * j + 1] !== 0; j = (j + 1) & mask) {
      const home = (slots[2 * j] as number) & mask;
      const movable = hole <= j ? home <= hole || home > j : home <= hole && home > j;
      if (!movable) continue;
      slots[2 * hole] = slots[2 * j] as number;
      slots[2 * hole + 1] = slots[2 * j + 1] as number;
      hole = j;
    }
    slots[2 * hole] = 0;
    slots[2 * hole + 1] = 0;
  }

  private place(slots: Int32Array, mask: number, hash: number, entryPlusOne: number): void {
    let at = hash & mask;
    while (slots[2 * at + 1] !== 0) at = (at + 1) & mask;
    slots[2 * at] = hash;
    slots[2 * at + 1] = entryPlusOne;
  }

  private resize(size: number): void {
    const old = this.slots;
    const slots = new Int32Array(2 * size);
    for (let i = 1; i < old.length; i += 2)
      if (old[i] !== 0) this.place(slots, size - 1, old[i - 1] as number, old[i] as number);
    this.slots = slots;
    this.mask = size - 1;
  }
}
