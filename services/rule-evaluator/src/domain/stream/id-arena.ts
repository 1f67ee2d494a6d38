/**
 * The interned id tuples of stored series, back to back in one Int32Array: one allocation for every series
 * instead of an array each (new series are the expensive moment of a stream). The space of forgotten series
 * is reclaimed by `compact`.
 */
export class IdArena {
  data: Int32Array = new Int32Array(4096);
  private top = 0;
  private freed = 0;

  /** Copies `ids[from..from+length)` in; returns where they start. */
  add(ids: Int32Array, from: number, length: number): number {
    if (this.top + length > this.data.length)
      this.data = this.copy(Math.max(2 * this.data.length, this.top + length));
    const data = this.data;
    const at = this.top;
    for (let i = 0; i < length; i++) data[at + i] = ids[from + i] as number;
    this.top += length;
    return at;
  }

  /** A tuple of `length` ids is no longer used. */
  free(length: number): void {
    this.freed += length;
  }

  /** True when more than half the space in use belongs to forgotten tuples. */
  get wasteful(): boolean {
    return this.freed * 2 > this.top;
  }

  get byteLength(): number {
    return this.data.byteLength;
  }

  /** Moves the tuples of `live` (every tuple still used) together, updating where each starts. */
  compact(live: ReadonlyArray<{ idsAt: number; readonly idsLength: number }>): void {
    const data = this.data;
    const next = new Int32Array(Math.max(4096, 2 * (this.top - this.freed)));
    let top = 0;
    for (const s of live) {
      for (let i = 0; i < s.idsLength; i++) next[top + i] = data[s.idsAt + i] as number;
      s.idsAt = top;
      top += s.idsLength;
    }
    this.data = next;
    this.top = top;
    this.freed = 0;
  }

  private copy(length: number): Int32Array {
    const next = new Int32Array(length);
    next.set(this.data.subarray(0, this.top));
    return next;
  }
}
