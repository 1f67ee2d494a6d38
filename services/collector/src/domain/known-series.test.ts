import {
  DEFAULT_SAMPLE_LIMITS,
  decodeSampleBatch,
  type Labels,
  type Sample,
} from '@streamwatch/metrics-core';
import { CardinalityLimiter } from './cardinality';
import { inspectSeries } from './known-series';
import { PointScreen } from './screening';
import { shardMessages } from './shard-series';

const NOW = 1_700_000_000_000;
const LIMITS = {
  maxSamplesPerRequest: 100,
  sample: DEFAULT_SAMPLE_LIMITS,
  maxAgeMs: 3_600_000,
  maxFutureMs: 60_000,
};

// one series with labels a and b, and one whose single label a spells out `x",b="y`: unescaped, both read
// m{job="j",instance="i",a="x",b="y"}
const two: Labels = { job: 'j', instance: 'i', a: 'x', b: 'y' };
const one: Labels = { job: 'j', instance: 'i', a: 'x",b="y' };

describe('inspectSeries', () => {
  it('gives series whose labels read alike unescaped a key and a slot each', () => {
    const a = inspectSeries('m', two, DEFAULT_SAMPLE_LIMITS);
    const b = inspectSeries('m', one, DEFAULT_SAMPLE_LIMITS);
    expect(b.key).toBe('m{a="x\\",b=\\"y",instance="i",job="j"}');
    expect(a.key).not.toBe(b.key);
    expect(b.slot).not.toBe(a.slot);
    // same job and instance: one Kafka partition key for both
    expect(b.slot?.shard).toBe(a.slot?.shard);
  });

  it('lets each such series send its points under its own labels and count against the series limit', () => {
    const cardinality = new CardinalityLimiter(2, 3_600_000);
    const screen = new PointScreen({ limits: LIMITS, cardinality, nowMs: NOW });
    const samples: Sample[] = [
      { name: 'm', labels: two, value: 2, timestampMs: NOW },
      { name: 'm', labels: one, value: 1, timestampMs: NOW },
      { name: 'm', labels: { ...two, b: 'z' }, value: 3, timestampMs: NOW },
      { name: 'm', labels: one, value: 4, timestampMs: NOW + 1 },
    ];
    samples.forEach((s, i) => screen.offerSample(i, s));
    const messages = shardMessages([screen.accepted], 'push', 1_000_000);
    expect(messages).toHaveLength(1);
    const sent = decodeSampleBatch(messages[0]!.value).series;
    expect(sent.map((s) => [s.labels, s.points.map((p) => p.value)])).toEqual([
      [two, [2]],
      [one, [1, 4]],
    ]);
    expect(screen.rejections.map((r) => [r.index, r.reason])).toEqual([[2, 'series_limit']]);
    expect(cardinality.activeSeries('m')).toBe(2);
  });
});
