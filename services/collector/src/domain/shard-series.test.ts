import {
  buildSampleMessages,
  DEFAULT_SAMPLE_LIMITS,
  decodeSampleBatch,
  isStaleNaN,
  STALE_NAN,
  type Labels,
  type Sample,
} from '@streamwatch/metrics-core';
import { inspectSeries } from './known-series';
import { groupByShard } from './shard-series';

describe('groupByShard', () => {
  it('groups exactly as buildSampleMessages does (shard order, series order, point order)', () => {
    let seed = 11;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    const labelSets: Labels[] = [
      { job: 'a', instance: '1' },
      { job: 'a', instance: '2', x: 'y' },
      { job: 'b' },
      {},
      { instance: '1', job: 'a' },
    ];
    for (let round = 0; round < 30; round++) {
      const samples: Sample[] = Array.from({ length: 60 }, (_, t) => ({
        name: ['up', 'm', 'n'][rnd(3)]!,
        labels: { ...labelSets[rnd(labelSets.length)]! },
        value: rnd(10),
        timestampMs: 1_700_000_000_000 + t,
      }));
      const groups = groupByShard(
        samples,
        samples.map((s) => inspectSeries(s.name, s.labels, DEFAULT_SAMPLE_LIMITS)),
      );
      const expected = buildSampleMessages(samples, 'push').map((m) => ({
        key: m.key,
        series: decodeSampleBatch(m.value).series,
      }));
      expect(groups.map(({ key, series }) => ({ key, series }))).toEqual(expected);
      for (const g of groups)
        expect(g.sortedNames).toEqual(g.series.map((x) => Object.keys(x.labels).sort()));
    }
  });

  it('keeps staleness markers flagged', () => {
    const s: Sample = { name: 'up', labels: { job: 'a' }, value: NaN, timestampMs: 1, stale: true };
    const [group] = groupByShard([s], [inspectSeries(s.name, s.labels, DEFAULT_SAMPLE_LIMITS)]);
    expect(group!.series[0]!.points[0]).toMatchObject({ stale: true });
    expect(isStaleNaN(group!.series[0]!.points[0]!.value)).toBe(isStaleNaN(STALE_NAN));
  });
});
