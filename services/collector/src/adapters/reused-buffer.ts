/**
 * One buffer handed out again and again, for bytes that are dead once the synchronous code reading them
 * returns (a decoded remote-write body): fewer large allocations, so fewer full garbage collections. A
 * length above `maxReusedBytes` gets a fresh buffer, so one huge body is not kept for the process's life.
 */
export class ReusedBuffer {
  private buf = Buffer.alloc(0);

  constructor(private readonly maxReusedBytes = 4 * 1024 * 1024) {}

  /** `length` bytes to overwrite; valid until the next `take`. */
  take(length: number): Buffer {
    if (length > this.maxReusedBytes) return Buffer.allocUnsafe(length);
    if (this.buf.length < length)
      this.buf = Buffer.allocUnsafe(Math.min(this.maxReusedBytes, Math.max(length, 2 * this.buf.length)));
    return this.buf.subarray(0, length);
  }
}
