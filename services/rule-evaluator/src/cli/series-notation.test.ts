import { expandSeriesValues, parseMetric } from './series-notation';

describe('expandSeriesValues', () => {
  it('expands promtool notation', () => {
    expect(expandSeriesValues('1+2x3 _ 5-1x2 stale _x2 7x1 -1 1e2')).toEqual([
      1,
      3,
      5,
      7,
      undefined,
      5,
      4,
      3,
      'stale',
      undefined,
      undefined,
      7,
      7,
      -1,
      100,
    ]);
  });

  it('rejects garbage', () => {
    expect(() => expandSeriesValues('1 two')).toThrow('invalid series value');
  });
});

describe('parseMetric', () => {
  it('parses names and quoted labels', () => {
    expect(parseMetric('up{job="a", path="/x\\"y"}')).toEqual({ __name__: 'up', job: 'a', path: '/x"y' });
    expect(parseMetric('{job="a"}')).toEqual({ job: 'a' });
    expect(parseMetric('job:rate5m')).toEqual({ __name__: 'job:rate5m' });
  });
});
