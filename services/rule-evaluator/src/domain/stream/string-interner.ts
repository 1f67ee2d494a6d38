/**
 * Label strings interned to small integer ids, reference-counted by the series that use them, so a series
 * can be found by a tuple of ids instead of a key string built per message. Ids of released strings are reused.
 */
export class StringInterner {
  private readonly ids = new Map<string, number>();
  private strings: string[] = [];
  private refs = new Int32Array(1024);
  private readonly free: number[] = [];
  /** Bumped whenever ids are released for reuse: ids remembered from before are then invalid. */
  generation = 0;

  get size(): number {
    return this.ids.size;
  }

  /** The id of `s`, interning it (with no references yet) on first sight. */
  id(s: string): number {
    const known = this.ids.get(s);
    if (known !== undefined) return known;
    const id = this.free.pop() ?? this.strings.length;
    if (id >= this.refs.length) {
      const refs = new Int32Array(this.refs.length * 2);
      refs.set(this.refs);
      this.refs = refs;
    }
    this.strings[id] = s;
    this.refs[id] = 0;
    this.ids.set(s, id);
    return id;
  }

  /** The id of `s` if interned, else undefined. */
  lookup(s: string): number | undefined {
    return this.ids.get(s);
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
    for (const [s, id] of this.ids) {
      if ((this.refs[id] as number) > 0) continue;
      this.ids.delete(s);
      this.strings[id] = '';
      this.free.push(id);
      swept++;
    }
    if (swept > 0) this.generation++;
    return swept;
  }
}
