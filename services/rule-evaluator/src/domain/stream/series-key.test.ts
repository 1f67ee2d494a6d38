import { seriesKey } from '@streamwatch/metrics-core';
import { sortedSeriesKey } from './series-key';

describe('sortedSeriesKey', () => {
  it.each([
    [{}],
    [{ a: '1' }],
    [{ instance: 'h', job: 'j', shard: '3' }],
    [{ job: 'j', instance: 'h' }],
    [{ b: '2', a: '1', c: '3' }],
    [{ 10: 'x', 2: 'y', a: 'z' }],
    [{ a: '1', a1: '2', A: '3' }],
  ])('equals seriesKey for %j', (labels) => {
    expect(sortedSeriesKey('m', labels)).toBe(seriesKey('m', labels));
  });
});
