/**
 * An open-addressing table of (hash, entry) pairs in one Int32Array: linear probing, at most half full,
 * backward-shift deletion (no tombstones). A probe reads one pair, so a lookup that misses touches no key,
 * and growing reads only the pairs. Callers keep the keys and walk a probe run themselves (`home`, `next`,
 * `entry`, `hash`), so comparing keys needs no callback.
 */
export class HashSlots {
  /** Slot i is `[hash, entry + 1]` at `[2i, 2i + 1]`; 0 there is an empty slot. */
  private slots = new Int32Array(2 * 1024);
  private mask = 1023;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The first slot of `hash`'s probe run. */
  home(hash: number): number {
    return hash & this.mask;
  }

  next(at: number): number {
    return (at + 1) & this.mask;
  }

  /** The entry in slot `at`, or -1 when the slot is empty (the probe run ends there). */
  entry(at: number): number {
    return (this.slots[2 * at + 1] as number) - 1;
  }

  hash(at: number): number {
    return this.slots[2 * at] as number;
  }

  /** Adds `entry` (a non-negative integer) under `hash`. */
  add(hash: number, entry: number): void {
    if (2 * (this.count + 1) > this.mask + 1) this.resize(2 * (this.mask + 1));
    place(this.slots, this.mask, hash, entry + 1);
    this.count++;
  }

  /** Empties slot `at`, pulling later pairs of its probe run back so each stays reachable from its home. */
  removeAt(at: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let hole = at;
    for (let j = (hole + 1) & mask; slots[2 * j + 1] !== 0; j = (j + 1) & mask) {
      const home = (slots[2 * j] as number) & mask;
      // a pair may move into the hole unless that would put it before its home slot
      const movable = hole <= j ? home <= hole || home > j : home <= hole && home > j;
      if (!movable) continue;
      slots[2 * hole] = slots[2 * j] as number;
      slots[2 * hole + 1] = slots[2 * j + 1] as number;
      hole = j;
    }
    slots[2 * hole] = 0;
    slots[2 * hole + 1] = 0;
    this.count--;
  }

  private resize(size: number): void {
    const old = this.slots;
    const slots = new Int32Array(2 * size);
    for (let i = 1; i < old.length; i += 2)
      if (old[i] !== 0) place(slots, size - 1, old[i - 1] as number, old[i] as number);
    this.slots = slots;
    this.mask = size - 1;
  }
}

function place(slots: Int32Array, mask: number, hash: number, entryPlusOne: number): void {
  let at = hash & mask;
  while (slots[2 * at + 1] !== 0) at = (at + 1) & mask;
  slots[2 * at] = hash;
  slots[2 * at + 1] = entryPlusOne;
}
