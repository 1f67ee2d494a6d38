import { isStaleNaN, STALE_NAN } from './staleness';

describe('staleness marker', () => {
  it('is a NaN distinct from an ordinary NaN', () => {
    expect(Number.isNaN(STALE_NAN)).toBe(true);
    expect(isStaleNaN(STALE_NAN)).toBe(true);
    expect(isStaleNaN(NaN)).toBe(false);
    expect(isStaleNaN(0 / 0)).toBe(false);
    expect(isStaleNaN(1)).toBe(false);
    expect(isStaleNaN(Infinity)).toBe(false);
  });

  it('survives copying through arrays and objects', () => {
    const copy = [{ v: STALE_NAN }].map((o) => ({ ...o }))[0]!.v;
    expect(isStaleNaN(copy)).toBe(true);
  });

  it('recognises the exact Prometheus bit pattern', () => {
    const b = Buffer.from('7ff0000000000002', 'hex');
    expect(isStaleNaN(b.readDoubleBE(0))).toBe(true);
  });
});
