/** Fresh buffers are rounded up to this, so a buffer handed back fits the next batches of about its size. */
const STEP = 64 * 1024;

/**
 * The reader thread's buffers for handed-over batches. The main thread hands each one back with its ack, so
 * a steady stream reuses a few buffers instead of allocating one per batch, whose memory (outside the JS heap)
 * would otherwise bring on garbage collections in the main thread until it is freed.
 */
export class ReaderBuffers {
  private readonly spare: ArrayBuffer[] = [];

  constructor(private readonly keep: number) {}

  /** Room for `length` bytes: a view over the smallest buffer handed back that is large enough, else a new one. */
  take(length: number): Uint8Array {
    let best = -1;
    for (let i = 0; i < this.spare.length; i++) {
      const size = (this.spare[i] as ArrayBuffer).byteLength;
      if (size >= length && (best < 0 || size < (this.spare[best] as ArrayBuffer).byteLength)) best = i;
    }
    if (best < 0)
      return new Uint8Array(new ArrayBuffer(Math.max(STEP, Math.ceil(length / STEP) * STEP)), 0, length);
    const [buffer] = this.spare.splice(best, 1);
    return new Uint8Array(buffer as ArrayBuffer, 0, length);
  }

  /** Takes a buffer back (it must no longer be used elsewhere); beyond `keep` of them, the smallest is dropped. */
  give(buffer: ArrayBuffer): void {
    this.spare.push(buffer);
    if (this.spare.length <= this.keep) return;
    let smallest = 0;
    for (let i = 1; i < this.spare.length; i++)
      if ((this.spare[i] as ArrayBuffer).byteLength < (this.spare[smallest] as ArrayBuffer).byteLength)
        smallest = i;
    this.spare.splice(smallest, 1);
  }

  get held(): number {
    return this.spare.length;
  }
}
