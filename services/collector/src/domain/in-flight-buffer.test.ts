import { InFlightBuffer } from './in-flight-buffer';

describe('InFlightBuffer', () => {
  it('refuses work beyond capacity and frees it on release', () => {
    const b = new InFlightBuffer(10);
    expect(b.tryAcquire(6)).toBe(true);
    expect(b.tryAcquire(5)).toBe(false);
    expect(b.tryAcquire(11)).toBe(false);
    b.release(6);
    expect(b.size).toBe(0);
    expect(b.tryAcquire(10)).toBe(true);
  });
});
