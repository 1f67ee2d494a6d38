/**
 * Room for many windows' doubles in a few large Float64Arrays (chunks), handed out as regions of exact sizes
 * and reused through a free list per size. A window then allocates nothing on the JS heap when it is created
 * or grows, so the garbage collector neither copies nor marks its points. Chunks never move: a region stays
 * where it is for as long as it is held.
 */
export class DoubleSlab {
  private readonly chunks: Float64Array[] = [];
  private top = 0;
  /** Per region size, the regions given back, as `chunk index * 2^32 + offset`. */
  private readonly free = new Map<number, number[]>();
  private held = 0;
  /** The chunk of the region `take` returned last. */
  taken: Float64Array = EMPTY;

  constructor(private readonly firstChunk = 1 << 14) {}

  /** A region of `size` doubles (contents unspecified): its offset in the chunk now in `taken`. */
  take(size: number): number {
    this.held += size;
    const reused = this.free.get(size)?.pop();
    if (reused !== undefined) {
      const index = Math.floor(reused / CHUNK_SPAN);
      this.taken = this.chunks[index] as Float64Array;
      return reused - index * CHUNK_SPAN;
    }
    let chunk = this.chunks[this.chunks.length - 1];
    if (chunk === undefined || this.top + size > chunk.length) {
      const next = chunk === undefined ? this.firstChunk : Math.min(2 * chunk.length, MAX_CHUNK);
      chunk = new Float64Array(Math.max(next, size));
      this.chunks.push(chunk);
      this.top = 0;
    }
    const at = this.top;
    this.top += size;
    this.taken = chunk;
    return at;
  }

  /** Gives back the region of `size` doubles at `at` in `chunk`, taken from this slab. */
  give(chunk: Float64Array, at: number, size: number): void {
    this.held -= size;
    let list = this.free.get(size);
    if (list === undefined) this.free.set(size, (list = []));
    list.push(this.chunks.lastIndexOf(chunk) * CHUNK_SPAN + at);
  }

  /** Doubles in regions currently held. */
  get heldDoubles(): number {
    return this.held;
  }
}

const EMPTY = new Float64Array(0);
/** 8 MiB. */
const MAX_CHUNK = 1 << 20;
const CHUNK_SPAN = 2 ** 32;
