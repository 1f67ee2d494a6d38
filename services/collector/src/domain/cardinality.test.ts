import { CardinalityLimiter } from './cardinality';

describe('CardinalityLimiter', () => {
  it('admits known series always and new ones only below the per-metric limit', () => {
    const c = new CardinalityLimiter(2, 60_000);
    expect(c.admit('m', 'a', 0)).toBe(true);
    expect(c.admit('m', 'b', 0)).toBe(true);
    expect(c.admit('m', 'c', 0)).toBe(false);
    expect(c.admit('m', 'a', 1)).toBe(true);
    expect(c.admit('other', 'c', 1)).toBe(true);
    expect(c.activeSeries('m')).toBe(2);
  });

  it('frees the slots of series idle longer than the TTL', () => {
    const c = new CardinalityLimiter(1, 60_000);
    expect(c.admit('m', 'a', 0)).toBe(true);
    expect(c.admit('m', 'b', 30_000)).toBe(false);
    expect(c.admit('m', 'b', 61_000)).toBe(true);
    expect(c.activeSeries('m')).toBe(1);
  });
});
