import { compileExpr } from './compile';
import { parsePromQL } from './parse';
import { seriesFilter } from './series-filter';

const T = 1_700_000_000_000;

/** A store holding one series `x{a="1"}` whose newest point is `v`. */
const oneSeries = (v: number) => ({
  select: () => [{ labels: { __name__: 'x', a: '1' }, points: [{ t: T - 1000, v }] }],
});

describe('seriesFilter', () => {
  it('exists only for a filtering comparison of an offset-free selector with a number literal', () => {
    for (const e of ['x > 5', '(x) <= 2', '5 < x', 'x{a="1"} != 0', '((x == 1))'])
      expect(seriesFilter(parsePromQL(e))).toBeDefined();
    for (const e of [
      'x > bool 5',
      'x offset 1m > 5',
      'x > -(5)',
      'abs(x) > 5',
      'x > y',
      'sum(x) > 5',
      'x + 5',
      'x > time()',
      'x',
    ])
      expect(seriesFilter(parsePromQL(e))).toBeUndefined();
  });

  it('agrees with the engine: a series is in the result exactly when its newest value passes', () => {
    const values = [-Infinity, -1, 0, 2, 2.5, 3, 5, 7, Infinity, NaN];
    for (const e of [
      'x > 2.5',
      'x < 3',
      'x >= 3',
      'x <= 2',
      'x == 5',
      'x != 5',
      '3 > x',
      '0 == x',
      '2 != x',
    ]) {
      const filter = seriesFilter(parsePromQL(e)) as (v: number) => boolean;
      const compiled = compileExpr(e);
      expect(compiled.seriesFilter).toBeDefined();
      for (const v of values) {
        const out = compiled.evaluate(oneSeries(v), T);
        expect([e, v, out.type === 'vector' && out.samples.length === 1]).toEqual([e, v, filter(v)]);
      }
    }
  });
});
