import { ReaderBuffers } from './reader-buffers';

describe('ReaderBuffers', () => {
  it('reuses a buffer handed back when it is large enough, and allocates otherwise', () => {
    const buffers = new ReaderBuffers(2);
    const first = buffers.take(100_000);
    expect(first.length).toBe(100_000);
    first.fill(7);
    buffers.give(first.buffer as ArrayBuffer);
    const second = buffers.take(90_000);
    expect(second.buffer).toBe(first.buffer);
    expect([second.byteOffset, second.length]).toEqual([0, 90_000]);
    expect(buffers.held).toBe(0);
    buffers.give(second.buffer as ArrayBuffer);
    const larger = buffers.take(1_000_000);
    expect(larger.buffer).not.toBe(first.buffer);
    expect(buffers.held).toBe(1);
  });

  it('keeps at most `keep` buffers, dropping the smallest', () => {
    const buffers = new ReaderBuffers(2);
    const sizes = [10, 500_000, 200_000].map((n) => buffers.take(n));
    for (const b of sizes) buffers.give(b.buffer as ArrayBuffer);
    expect(buffers.held).toBe(2);
    // the 10-byte one (a 64 KiB buffer) was dropped: a small request now gets the 200,000-byte one's buffer
    expect(buffers.take(10).buffer).toBe(sizes[2]?.buffer);
  });
});
