/** The reference count of an id that is free for reuse. */
const FREE = -1;

/** FNV-1a over the UTF-16 code units, folded into a non-zero 31-bit integer (0 marks an empty slot). */
function hashString(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return ((h ^ (h >>> 16)) & 0x7fffffff) | 1;
}

function doubled(a: Int32Array): Int32Array<ArrayBuffer> {
  const next = new Int32Array(a.length * 2);
  next.set(a);
  return next;
}

/**
 * Label strings interned to small integer ids, reference-counted by the series that use them, so a series
 * can be found by a tuple of ids instead of a key string built per message. Ids of released strings are reused.
 *
 * An open-addressing table of (hash, id) pairs in one Int32Array rather than a Map: with hundreds of thousands
 * of strings every lookup misses the cache, and a probe here reads one pair, where a Map reads its bucket,
 * the entry and the key string before it can compare hashes.
 */
export class StringInterner {
  /** Slot i is `[hash, id]` at `[2i, 2i + 1]`; a hash of 0 is an empty slot. */
  private slots = new Int32Array(2 * 1024);
  private mask = 1023;
  private count = 0;
  private strings: string[] = [];
  private refs = new Int32Array(1024);
  /** Per id its hash, so growing the table reads no string. */
  private hashes = new Int32Array(1024);
  private readonly free: number[] = [];
  /** Bumped whenever ids are released for reuse: ids remembered from before are then invalid. */
  generation = 0;

  get size(): number {
    return this.count;
  }

  /** The id of `s`, interning it (with no references yet) on first sight. */
  id(s: string): number {
    const h = hashString(s);
    const slots = this.slots;
    let at = h & this.mask;
    for (;;) {
      const slotHash = slots[2 * at] as number;
      if (slotHash === 0) break;
      if (slotHash === h) {
        const id = slots[2 * at + 1] as number;
        if (this.strings[id] === s) return id;
      }
      at = (at + 1) & this.mask;
    }
    const id = this.free.pop() ?? this.strings.length;
    if (id >= this.refs.length) {
      this.refs = doubled(this.refs);
      this.hashes = doubled(this.hashes);
    }
    this.strings[id] = s;
    this.refs[id] = 0;
    this.hashes[id] = h;
    slots[2 * at] = h;
    slots[2 * at + 1] = id;
    if (++this.count * 2 > this.mask + 1) this.rebuild(2 * (this.mask + 1));
    return id;
  }

  /** The id of `s` if interned, else undefined. */
  lookup(s: string): number | undefined {
    const h = hashString(s);
    const slots = this.slots;
    for (let at = h & this.mask; ; at = (at + 1) & this.mask) {
      const slotHash = slots[2 * at] as number;
      if (slotHash === 0) return undefined;
      if (slotHash === h && this.strings[slots[2 * at + 1] as number] === s) return slots[2 * at + 1];
    }
  }

  /** The canonical string of `id`. */
  str(id: number): string {
    return this.strings[id] as string;
  }

  retain(id: number): void {
    this.refs[id] = (this.refs[id] as number) + 1;
  }

  release(id: number): void {
    this.refs[id] = (this.refs[id] as number) - 1;
  }

  /** Forgets strings no series references (interned for series that were never created); returns how many. */
  sweep(): number {
    let swept = 0;
    for (let id = 0; id < this.strings.length; id++) {
      if ((this.refs[id] as number) !== 0) continue;
      this.strings[id] = '';
      this.refs[id] = FREE;
      this.free.push(id);
      swept++;
    }
    if (swept === 0) return 0;
    this.count -= swept;
    this.generation++;
    this.rebuild(this.mask + 1);
    return swept;
  }

  /** Re-inserts every live id into a table of `size` slots (a power of two, more than twice the count). */
  private rebuild(size: number): void {
    const slots = new Int32Array(2 * size);
    const mask = size - 1;
    for (let id = 0; id < this.strings.length; id++) {
      if (this.refs[id] === FREE) continue;
      const h = this.hashes[id] as number;
      let at = h & mask;
      while (slots[2 * at] !== 0) at = (at + 1) & mask;
      slots[2 * at] = h;
      slots[2 * at + 1] = id;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
