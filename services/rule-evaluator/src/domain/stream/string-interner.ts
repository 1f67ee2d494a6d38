import { HashSlots } from './hash-slots';

/** The reference count of an id that is free for reuse. */
const FREE = -1;

/** FNV-1a over the UTF-16 code units, folded into a non-negative 31-bit integer. */
function hashString(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 16)) & 0x7fffffff;
}

/**
 * Label strings interned to small integer ids, reference-counted by the series that use them, so a series
 * can be found by a tuple of ids instead of a key string built per message. Ids of released strings are reused.
 *
 * Found through `HashSlots` rather than a Map: with hundreds of thousands of strings every lookup misses the
 * cache, and a probe there reads one pair, where a Map reads its bucket, the entry and the key string before
 * it can compare hashes.
 */
export class StringInterner {
  private readonly slots = new HashSlots();
  private strings: string[] = [];
  private refs = new Int32Array(1024);
  private readonly free: number[] = [];
  /** Bumped whenever ids are released for reuse: ids remembered from before are then invalid. */
  generation = 0;

  get size(): number {
    return this.slots.size;
  }

  /** The id of `s`, interning it (with no references yet) on first sight. */
  id(s: string): number {
    const h = hashString(s);
    const known = this.find(s, h);
    if (known >= 0) return known;
    const id = this.free.pop() ?? this.strings.length;
    if (id >= this.refs.length) {
      const refs = new Int32Array(this.refs.length * 2);
      refs.set(this.refs);
      this.refs = refs;
    }
    this.strings[id] = s;
    this.refs[id] = 0;
    this.slots.add(h, id);
    return id;
  }

  /** The id of `s` if interned, else undefined. */
  lookup(s: string): number | undefined {
    const id = this.find(s, hashString(s));
    return id >= 0 ? id : undefined;
  }

  private find(s: string, h: number): number {
    const slots = this.slots;
    for (let at = slots.home(h); ; at = slots.next(at)) {
      const id = slots.entry(at);
      if (id < 0 || (slots.hash(at) === h && this.strings[id] === s)) return id;
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
    const slots = this.slots;
    for (let id = 0; id < this.strings.length; id++) {
      if ((this.refs[id] as number) !== 0) continue;
      let at = slots.home(hashString(this.strings[id] as string));
      while (slots.entry(at) !== id) at = slots.next(at);
      slots.removeAt(at);
      this.strings[id] = '';
      this.refs[id] = FREE;
      this.free.push(id);
      swept++;
    }
    if (swept > 0) this.generation++;
    return swept;
  }
}
