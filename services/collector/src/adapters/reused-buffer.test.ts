import { ReusedBuffer } from './reused-buffer';

describe('ReusedBuffer', () => {
  // sizes above Node's 4 KiB pool threshold, so each buffer has its own memory
  it('hands out the same memory up to its bound, and fresh buffers above it', () => {
    const reused = new ReusedBuffer(100_000);
    const a = reused.take(10_000);
    a.fill(1);
    const b = reused.take(5_000);
    expect(b.buffer).toBe(a.buffer);
    expect(b[0]).toBe(1);
    const grown = reused.take(80_000);
    expect(grown.buffer).not.toBe(a.buffer);
    expect(grown).toHaveLength(80_000);
    expect(reused.take(70_000).buffer).toBe(grown.buffer);
    const big = reused.take(100_001);
    expect(big).toHaveLength(100_001);
    expect(big.buffer).not.toBe(grown.buffer);
    expect(reused.take(10_000).buffer).toBe(grown.buffer);
  });
});
