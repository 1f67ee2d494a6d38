/** An entry of `HashChains`: entries whose keys hash alike are chained. */
export interface Chained<E> {
  next: E | undefined;
}

/**
 * Entries by hash, each chain searched by the caller with its own key comparison. Bounded: two
 * generations of at most `generationSize` entries; when the current one is full it becomes the previous
 * one and the older is dropped as a whole.
 */
export class HashChains<E extends Chained<E>> {
  private current = new Map<number, E>();
  private previous = new Map<number, E>();
  private currentSize = 0;
  private previousSize = 0;

  constructor(private readonly generationSize: number) {}

  /** The first entry of the current generation's chain for `hash`. */
  head(hash: number): E | undefined {
    return this.current.get(hash);
  }

  /** The first entry of the previous generation's chain for `hash` (a hit there is added again). */
  oldHead(hash: number): E | undefined {
    return this.previous.get(hash);
  }

  /** Adds to the current generation the entry `make` builds around the chain it joins. */
  add(hash: number, make: (next: E | undefined) => E): E {
    if (this.currentSize >= this.generationSize) {
      this.previous = this.current;
      this.previousSize = this.currentSize;
      this.current = new Map();
      this.currentSize = 0;
    }
    const entry = make(this.current.get(hash));
    this.current.set(hash, entry);
    this.currentSize++;
    return entry;
  }

  get size(): number {
    return this.currentSize + this.previousSize;
  }
}
