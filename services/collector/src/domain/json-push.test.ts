import { DEFAULT_SAMPLE_LIMITS } from '@streamwatch/metrics-core';
import { attachSeries, parsePushEntries } from './json-push';
import { SeriesCatalog } from './series-catalog';

describe('attachSeries', () => {
  it('gives samples of a known series its one labels object and check results', () => {
    const catalog = new SeriesCatalog(DEFAULT_SAMPLE_LIMITS);
    const entries = [
      { name: 'up', labels: { job: 'a' }, value: 1 },
      { name: 'up', labels: { job: 'a' }, value: 2 },
      { name: 'bad-name', value: 1 },
    ];
    const first = parsePushEntries(entries, 5).samples;
    attachSeries(first, catalog);
    const again = parsePushEntries(entries, 5).samples;
    attachSeries(again, catalog);
    expect(again[0]!.sample.labels).toBe(first[0]!.sample.labels);
    expect(first[1]!.sample.labels).toBe(first[0]!.sample.labels);
    expect(again[0]!.series).toMatchObject({ key: 'up{job="a"}', problem: undefined });
    expect(again[2]!.series!.problem).toMatchObject({ reason: 'invalid_metric_name' });
    const odd = parsePushEntries([{ name: 'up', labels: { job: 3 }, value: 1 }], 5).samples;
    attachSeries(odd, catalog);
    expect(odd[0]!.series).toBeUndefined();
  });
});
