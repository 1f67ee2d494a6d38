import { STALE_NAN } from '@streamwatch/metrics-core';
import { compileExpr, PromQLEvalError } from '.';
import { MemorySeriesStore } from './memory-store';
import { evalAt, storeOf } from './test-helpers';

const m = 60_000;

describe('selectors', () => {
  it('looks back 5m inclusive and a staleness marker ends the series', () => {
    const store = storeOf([{ labels: { __name__: 'g', job: 'a' }, values: [1] }]);
    expect(evalAt(store, 'g', 5 * m)).toEqual(['g{job="a"} 1']);
    expect(evalAt(store, 'g', 5 * m + 1)).toEqual([]);
    store.add({ __name__: 'g', job: 'a' }, 1 * m, STALE_NAN);
    expect(evalAt(store, 'g', 2 * m)).toEqual([]);
    store.add({ __name__: 'g', job: 'a' }, 3 * m, 7);
    expect(evalAt(store, 'g', 3 * m)).toEqual(['g{job="a"} 7']);
    expect(evalAt(store, 'count_over_time(g[5m])', 3 * m)).toEqual(['{job="a"} 2']);
  });

  it('treats a point flagged stale as a marker even when the NaN payload was lost', () => {
    const store = new MemorySeriesStore();
    store.add({ __name__: 'g' }, 0, 1);
    store.add({ __name__: 'g' }, m, NaN, true);
    expect(evalAt(store, 'g', m)).toEqual([]);
  });

  it('applies offset and anchored regex matchers', () => {
    const store = storeOf([
      { labels: { __name__: 'c', code: '500' }, values: [1, 2, 3] },
      { labels: { __name__: 'c', code: '5000' }, values: [1, 2, 3] },
    ]);
    expect(evalAt(store, 'c{code=~"5.."} offset 1m', 2 * m)).toEqual(['c{code="500"} 2']);
  });
});

describe('range functions', () => {
  it('extrapolates rate/increase like Prometheus and handles counter resets', () => {
    const store = storeOf([{ labels: { __name__: 'c' }, values: [0, 60, 120, 180, 240, 300, 10, 70] }]);
    // window [0,5m]: samples cover the whole range, 300 in 300s
    expect(evalAt(store, 'rate(c[5m])', 5 * m)).toEqual(['{} 1']);
    // window [5m,7m]: 300 -> 10 is a reset, so the increase is 10 + 60
    expect(evalAt(store, 'increase(c[2m])', 7 * m)).toEqual(['{} 70']);
    expect(evalAt(store, 'resets(c[10m])', 7 * m)).toEqual(['{} 1']);
    expect(evalAt(store, 'irate(c[5m])', 7 * m)).toEqual(['{} 1']);
  });

  it('clamps extrapolation at the counter zero point', () => {
    const store = storeOf([{ labels: { __name__: 'c' }, values: [undefined, undefined, 1, 3, 5] }]);
    // 4 over 120s, zero point 60s before the first sample but start is only 2m away: extrapolate 60s to zero
    expect(evalAt(store, 'increase(c[4m])', 4 * m)).toEqual(['{} 5']);
  });

  it('computes deriv and predict_linear by least squares', () => {
    const store = storeOf([{ labels: { __name__: 'g' }, values: [0, 60, 120, 180] }]);
    expect(evalAt(store, 'deriv(g[5m])', 3 * m)).toEqual(['{} 1']);
    expect(evalAt(store, 'predict_linear(g[5m], 60)', 3 * m)).toEqual(['{} 240']);
  });

  it('keeps the metric name for last_over_time only', () => {
    const store = storeOf([{ labels: { __name__: 'g', a: '1' }, values: [1, 2, 3] }]);
    expect(evalAt(store, 'last_over_time(g[5m])', 2 * m)).toEqual(['g{a="1"} 3']);
    expect(evalAt(store, 'max_over_time(g[5m])', 2 * m)).toEqual(['{a="1"} 3']);
    expect(evalAt(store, 'quantile_over_time(0.5, g[5m])', 2 * m)).toEqual(['{a="1"} 2']);
  });
});

describe('binary operators', () => {
  const store = storeOf([
    { labels: { __name__: 'a', job: 'x', i: '1' }, values: [10] },
    { labels: { __name__: 'a', job: 'x', i: '2' }, values: [20] },
    { labels: { __name__: 'b', job: 'x' }, values: [5] },
  ]);

  it('filters with comparisons keeping the left value, and bool drops the name', () => {
    expect(evalAt(store, 'a > 15', 0)).toEqual(['a{i="2", job="x"} 20']);
    expect(evalAt(store, '15 < a', 0)).toEqual(['a{i="2", job="x"} 20']);
    expect(evalAt(store, 'a > bool 15', 0)).toEqual(['{i="1", job="x"} 0', '{i="2", job="x"} 1']);
  });

  it('matches many-to-one with group_left and errors on implicit many-to-one', () => {
    expect(evalAt(store, 'a / on(job) group_left b', 0)).toEqual([
      '{i="1", job="x"} 2',
      '{i="2", job="x"} 4',
    ]);
    expect(() => evalAt(store, 'b / on(job) a', 0)).toThrow(PromQLEvalError);
    expect(() => evalAt(store, 'a / on(job) b', 0)).toThrow(/many-to-one matching must be explicit/);
  });

  it('implements and/or/unless on label sets', () => {
    expect(evalAt(store, 'a and on(job) b', 0)).toHaveLength(2);
    expect(evalAt(store, 'a unless on(job) b', 0)).toEqual([]);
    expect(evalAt(store, 'b or a', 0)).toHaveLength(3);
  });
});

describe('aggregations and functions', () => {
  const store = storeOf([
    { labels: { __name__: 'h_bucket', le: '1' }, values: [5] },
    { labels: { __name__: 'h_bucket', le: '2' }, values: [10] },
    { labels: { __name__: 'h_bucket', le: '+Inf' }, values: [10] },
    { labels: { __name__: 'up', instance: 'h:9100' }, values: [1] },
  ]);

  it('interpolates histogram_quantile within buckets', () => {
    expect(evalAt(store, 'histogram_quantile(0.75, h_bucket)', 0)).toEqual(['{} 1.5']);
    expect(evalAt(store, 'histogram_quantile(1, h_bucket)', 0)).toEqual(['{} 2']);
  });

  it('rewrites labels with Go regexp expansion', () => {
    expect(evalAt(store, 'label_replace(up, "host", "$1", "instance", "(.*):.*")', 0)).toEqual([
      'up{host="h", instance="h:9100"} 1',
    ]);
    expect(evalAt(store, 'label_replace(up, "x", "$1x", "instance", "(.*)")', 0)).toEqual([
      'up{instance="h:9100"} 1',
    ]);
  });

  it('aggregates with topk, count_values and without', () => {
    expect(evalAt(store, 'topk(1, h_bucket)', 0)).toHaveLength(1);
    expect(evalAt(store, 'count_values("v", h_bucket)', 0)).toEqual(['{v="10"} 2', '{v="5"} 1']);
    expect(evalAt(store, 'sum without (le) (h_bucket)', 0)).toEqual(['{} 25']);
  });

  it('returns scalars for scalar expressions', () => {
    expect(compileExpr('time() + 1').evaluate(store, 2000)).toEqual({ type: 'scalar', value: 3 });
  });
});

describe('label set uniqueness after dropping the metric name', () => {
  it('is still enforced when the series may have different names, and needs no check for one pinned name', () => {
    const store = storeOf([
      { labels: { __name__: 'a', job: 'x' }, values: [1] },
      { labels: { __name__: 'b', job: 'x' }, values: [-2] },
    ]);
    expect(() => evalAt(store, 'abs({__name__=~"a|b"})', 0)).toThrow(
      'vector cannot contain metrics with the same labelset',
    );
    expect(() => evalAt(store, '{__name__=~"a|b"} * 2', 0)).toThrow(
      'vector cannot contain metrics with the same labelset',
    );
    expect(() => evalAt(store, 'rate({__name__=~"a|b"}[5m])', 0)).not.toThrow();
    expect(evalAt(store, 'abs(b) * 2', 0)).toEqual(['{job="x"} 4']);
  });
});
