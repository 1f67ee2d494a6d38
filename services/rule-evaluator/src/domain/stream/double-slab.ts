/**
 * Room for many windows' doubles in large Float64Arrays (chunks), handed out as regions of exact sizes. Each
 * chunk holds regions of one size only: a region given back is reused by the next region of that size, and a
 * chunk whose regions are all given back is dropped (the next region of its size starts a small one), so
 * windows that grew past their first size leave no chunks of it behind. A window then allocates nothing on the
 * JS heap when it is created or grows, so the garbage collector neither copies nor marks its points. Chunks
 * never move: a region stays where it is for as long as it is held.
 */
export class DoubleSlab {
  private readonly chunks: Array<Chunk | undefined> = [];
  /** Indexes in `chunks` of dropped chunks, for the next new ones. */
  private readonly vacant: number[] = [];
  private readonly index = new Map<Float64Array, number>();
  /** Per region size: the chunk regions are cut from next, and the regions given back. */
  private readonly sizes = new Map<number, SizeClass>();
  private held = 0;
  /** The chunk of the region `take` returned last. */
  taken: Float64Array = EMPTY;

  /** `firstChunk`: how many regions a size's first chunk holds (later chunks double, up to 2 MiB). */
  constructor(private readonly firstChunk = 32) {}

  /** A region of `size` doubles (contents unspecified): its offset in the chunk now in `taken`. */
  take(size: number): number {
    this.held += size;
    let sizeClass = this.sizes.get(size);
    if (sizeClass === undefined) this.sizes.set(size, (sizeClass = { current: -1, free: [] }));
    const reused = sizeClass.free.pop();
    if (reused !== undefined) {
      const chunk = this.chunks[Math.floor(reused / CHUNK_SPAN)] as Chunk;
      chunk.held++;
      this.taken = chunk.data;
      return reused % CHUNK_SPAN;
    }
    let chunk = this.chunks[sizeClass.current];
    if (chunk === undefined || chunk.top + size > chunk.data.length) {
      const length =
        chunk === undefined ? this.firstChunk * size : Math.min(MAX_CHUNK, 2 * chunk.data.length);
      chunk = { data: new Float64Array(Math.max(size, length - (length % size))), top: 0, held: 0 };
      const i = this.vacant.pop() ?? this.chunks.length;
      this.chunks[i] = chunk;
      this.index.set(chunk.data, i);
      sizeClass.current = i;
    }
    const at = chunk.top;
    chunk.top += size;
    chunk.held++;
    this.taken = chunk.data;
    return at;
  }

  /** Gives back the region of `size` doubles at `at` in `data`, taken from this slab. */
  give(data: Float64Array, at: number, size: number): void {
    this.held -= size;
    const i = this.index.get(data) as number;
    const chunk = this.chunks[i] as Chunk;
    const sizeClass = this.sizes.get(size) as SizeClass;
    if (--chunk.held > 0) {
      sizeClass.free.push(i * CHUNK_SPAN + at);
      return;
    }
    if (sizeClass.current === i) sizeClass.current = -1;
    this.chunks[i] = undefined;
    this.vacant.push(i);
    this.index.delete(data);
    sizeClass.free = sizeClass.free.filter((r) => Math.floor(r / CHUNK_SPAN) !== i);
  }

  /** Doubles in regions currently held. */
  get heldDoubles(): number {
    return this.held;
  }

  /** Bytes of the chunks kept. */
  get byteLength(): number {
    let bytes = 0;
    for (const chunk of this.chunks) bytes += chunk?.data.byteLength ?? 0;
    return bytes;
  }
}

interface Chunk {
  readonly data: Float64Array;
  top: number;
  /** Regions handed out and not given back. */
  held: number;
}

interface SizeClass {
  /** Index of the chunk regions are cut from, -1 before the first. */
  current: number;
  /** Regions given back, as `chunk index * 2^32 + offset`. */
  free: number[];
}

const EMPTY = new Float64Array(0);
/** 2 MiB: the last chunk of a size is partly empty, so large ones would waste much. */
const MAX_CHUNK = 1 << 18;
const CHUNK_SPAN = 2 ** 32;
