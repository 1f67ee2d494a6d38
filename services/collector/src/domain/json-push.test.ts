import { DEFAULT_SAMPLE_LIMITS } from '@streamwatch/metrics-core';
import { attachSeries, parsePushEntries, pushSeriesId } from './json-push';
import { SeriesCatalog } from './series-catalog';

describe('pushed series identity', () => {
  it('differs whenever name, label names, values or their order differ', () => {
    const ids = [
      pushSeriesId('m', { ab: 'c' }),
      pushSeriesId('m', { a: 'bc' }),
      pushSeriesId('m', { a: 'b', c: '' }),
      pushSeriesId('m', { a: 'b\u00001:c0:' }),
      pushSeriesId('m1', { ':a': 'b' }),
      pushSeriesId('m', { b: '1', a: '2' }),
      pushSeriesId('m', { a: '2', b: '1' }),
      pushSeriesId('m', {}),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect(pushSeriesId('m', { a: 1 as unknown as string })).toBeUndefined();
    expect(pushSeriesId(7, {})).toBeUndefined();
  });

  it('gives samples of a known series its one labels object and check results', () => {
    const catalog = new SeriesCatalog(DEFAULT_SAMPLE_LIMITS);
    const resolve = catalog.resolve.bind(catalog);
    const entries = [
      { name: 'up', labels: { job: 'a' }, value: 1 },
      { name: 'up', labels: { job: 'a' }, value: 2 },
      { name: 'bad-name', value: 1 },
    ];
    const first = parsePushEntries(entries, 5).samples;
    attachSeries(first, resolve);
    const again = parsePushEntries(entries, 5).samples;
    attachSeries(again, resolve);
    expect(again[0]!.sample.labels).toBe(first[0]!.sample.labels);
    expect(first[1]!.sample.labels).toBe(first[0]!.sample.labels);
    expect(again[0]!.series).toMatchObject({ key: 'up{job="a"}', problem: undefined });
    expect(again[2]!.series!.problem).toMatchObject({ reason: 'invalid_metric_name' });
    const odd = parsePushEntries([{ name: 'up', labels: { job: 3 }, value: 1 }], 5).samples;
    attachSeries(odd, resolve);
    expect(odd[0]!.series).toBeUndefined();
  });
});
