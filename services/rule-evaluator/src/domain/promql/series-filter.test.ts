import { compileExpr } from './compile';
import { parsePromQL } from './parse';
import { inValueRange, seriesRange, type ValueRange } from './series-filter';

const T = 1_700_000_000_000;

/** A store holding one series `x{a="1"}` whose newest point is `v`. */
const oneSeries = (v: number) => ({
  select: () => [{ labels: { __name__: 'x', a: '1' }, points: [{ t: T - 1000, v }] }],
});

describe('seriesRange', () => {
  it('exists only for a filtering comparison of an offset-free selector with a number literal', () => {
    for (const e of ['x > 5', '(x) <= 2', '5 < x', 'x{a="1"} != 0', '((x == 1))'])
      expect(seriesRange(parsePromQL(e))).toBeDefined();
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
      expect(seriesRange(parsePromQL(e))).toBeUndefined();
  });

  it('agrees with the engine: a series is in the result exactly when its newest value passes', () => {
    const values = [
      -Infinity,
      -Number.MAX_VALUE,
      -1,
      -Number.MIN_VALUE,
      -0,
      0,
      Number.MIN_VALUE,
      2,
      2.4999999999999996,
      2.5,
      2.5000000000000004,
      3,
      5,
      7,
      Number.MAX_VALUE,
      Infinity,
      NaN,
    ];
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
      'x > 0',
      'x >= 0',
      'x < 0',
      'x <= -0',
      '2.5 < x',
      '2.5 >= x',
      'x > -Inf',
      'x > +Inf',
      'x >= +Inf',
      'x < -Inf',
      'x <= -Inf',
      'x < +Inf',
      'x > NaN',
      'x == NaN',
      'x != NaN',
      'x == +Inf',
    ]) {
      const range = seriesRange(parsePromQL(e)) as ValueRange;
      const compiled = compileExpr(e);
      expect(compiled.seriesRange).toEqual(range);
      for (const v of values) {
        const out = compiled.evaluate(oneSeries(v), T);
        expect([e, v, out.type === 'vector' && out.samples.length === 1]).toEqual([
          e,
          v,
          inValueRange(range, v),
        ]);
      }
    }
  });
});
