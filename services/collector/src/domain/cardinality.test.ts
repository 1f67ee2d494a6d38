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

describe('CardinalityLimiter.admitSeries', () => {
  const series = (key: string) => ({ name: 'm', key, cell: undefined });

  it('counts a remembered series once and keeps it active without a lookup', () => {
    const c = new CardinalityLimiter(1, 60_000);
    const a = series('a');
    expect(c.admitSeries(a, 0)).toBe(true);
    expect(c.admitSeries(a, 10_000)).toBe(true);
    expect(c.admitSeries(series('b'), 20_000)).toBe(false);
    // seen at 10,000 through its cell: still active at 65,000
    expect(c.admitSeries(series('b'), 65_000)).toBe(false);
    expect(c.activeSeries('m')).toBe(1);
  });

  it('admits a series again after the limiter forgot it, counting it anew', () => {
    const c = new CardinalityLimiter(1, 60_000);
    const a = series('a');
    expect(c.admitSeries(a, 0)).toBe(true);
    expect(c.admitSeries(series('b'), 61_000)).toBe(true);
    expect(c.admitSeries(a, 61_000)).toBe(false);
    expect(c.activeSeries('m')).toBe(1);
  });

  it('does not take another limiter’s cell as its own', () => {
    const a = series('a');
    expect(new CardinalityLimiter(1, 60_000).admitSeries(a, 0)).toBe(true);
    const other = new CardinalityLimiter(1, 60_000);
    expect(other.admitSeries(series('x'), 0)).toBe(true);
    expect(other.admitSeries(a, 0)).toBe(false);
  });
});
