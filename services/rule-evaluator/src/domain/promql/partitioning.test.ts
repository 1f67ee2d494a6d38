import { compileExpr } from '.';

const plan = (expr: string) => compileExpr(expr).partitioning;

describe('seriesPartitioning', () => {
  it.each([
    ['x > 1000', 'x', true],
    ['x{job="a", instance=~"h.*"} >= bool 3', 'x', true],
    ['-(abs(x) * 2) < clamp_max(x, 1)', undefined, undefined],
    ['round(abs(x) * 2, 0.5) != 3', 'x', true],
    ['timestamp(x) > 5', 'x', true],
    ['2 * (1 + 3) < x', 'x', true],
    ['rate(x[5m]) > 10', 'x', false],
    ['predict_linear(x[1h], 3600) < 0', 'x', false],
    ['quantile_over_time(0.9, x[5m]) > 1', 'x', false],
    ['x offset 5m > 1', 'x', false],
    ['x > time()', 'x', false],
  ])('%s splits per series of %s (exact: %s)', (expr, metric, exact) => {
    const p = plan(expr);
    if (metric === undefined) expect(p).toBeUndefined();
    else expect(p).toEqual({ metric, exact });
  });

  it.each([
    'sum(x) > 1',
    'sum by (instance) (x) > 1',
    'x > on() y',
    'x / y',
    'x and y',
    'absent(x)',
    'absent_over_time(x[5m])',
    'topk(3, x)',
    'x > scalar(y)',
    'label_replace(x, "a", "$1", "b", "(.*)")',
    'histogram_quantile(0.9, x)',
    '{__name__=~"x|y"} > 1',
    'vector(1)',
    '1 + 2',
  ])('keeps %s whole', (expr) => {
    expect(plan(expr)).toBeUndefined();
  });
});
