import {
  buildSampleMessages,
  DEFAULT_SAMPLE_LIMITS,
  decodeSampleBatch,
  isStaleNaN,
  type Labels,
  type Sample,
} from '@streamwatch/metrics-core';
import { AcceptedPoints } from './accepted-points';
import { inspectSeries } from './known-series';
import { shardMessages } from './shard-series';

const seriesId = (s: Sample) => `${s.name}${JSON.stringify(Object.entries(s.labels).sort())}`;

/** Accepted points of `samples`; `fresh` gives every sample its own series object (as unremembered series). */
function pointsOf(samples: readonly Sample[], fresh = false): AcceptedPoints {
  const points = new AcceptedPoints();
  const known = new Map<string, ReturnType<typeof inspectSeries>>();
  for (const s of samples) {
    const id = seriesId(s);
    let series = fresh ? undefined : known.get(id);
    if (series === undefined) {
      series = inspectSeries(s.name, s.labels, DEFAULT_SAMPLE_LIMITS);
      known.set(id, series);
    }
    points.addSample(series, s);
  }
  return points;
}

describe('shardMessages', () => {
  let seed = 11;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  const labelSets: Labels[] = [
    { job: 'a', instance: '1' },
    { job: 'a', instance: '2', x: 'y' },
    { job: 'b' },
    {},
    { instance: '1', job: 'a' },
  ];
  const randomSamples = (n: number, t0: number): Sample[] =>
    Array.from({ length: n }, (_, t) => ({
      name: ['up', 'm', 'n'][rnd(3)]!,
      labels: { ...labelSets[rnd(labelSets.length)]! },
      value: rnd(10),
      timestampMs: t0 + t,
      ...(rnd(15) === 0 ? { value: NaN, stale: true } : {}),
    }));

  it('encodes the messages buildSampleMessages builds, byte for byte, also split by size', () => {
    for (let round = 0; round < 40; round++) {
      const samples = randomSamples(60, 1_700_000_000_000);
      const maxBytes = round % 2 ? 900_000 : 200;
      const expected = buildSampleMessages(samples, 'push', maxBytes);
      const actual = shardMessages([pointsOf(samples, round % 3 === 0)], 'push', maxBytes);
      expect(actual.map((m) => m.key)).toEqual(expected.map((m) => m.key));
      expect(actual.map((m) => m.value.toString('hex'))).toEqual(
        expected.map((m) => m.value.toString('hex')),
      );
    }
  });

  it('merges the parts of several requests: one message per key, each series once, points in request order', () => {
    const requests = [0, 1, 2].map((r) => randomSamples(40, 1_700_000_000_000 + 100 * r));
    const merged = shardMessages(
      requests.map((r) => pointsOf(r)),
      'remote_write',
      900_000,
    );
    const expected = buildSampleMessages(requests.flat(), 'remote_write');
    expect(merged.map((m) => [m.key, m.value.toString('hex')])).toEqual(
      expected.map((m) => [m.key, m.value.toString('hex')]),
    );
  });

  it("a steady sender's repeated sends reuse the message skeletons and still match byte for byte", () => {
    const series = randomSamples(30, 0).filter(
      (s, i, all) => all.findIndex((o) => seriesId(o) === seriesId(s)) === i,
    );
    const known = series.map((s) => inspectSeries(s.name, s.labels, DEFAULT_SAMPLE_LIMITS));
    const send = (t: number, keep: (i: number) => boolean, source: 'push' | 'scrape') => {
      const samples: Sample[] = [];
      const points = new AcceptedPoints();
      series.forEach((s, i) => {
        if (!keep(i)) return;
        const sample = { ...s, value: rnd(1000) / 3, timestampMs: t + i, stale: false };
        samples.push(sample);
        points.addSample(known[i]!, sample);
      });
      const actual = shardMessages([points], source, 900_000);
      const expected = buildSampleMessages(samples, source);
      expect(actual.map((m) => [m.key, m.value.toString('hex')])).toEqual(
        expected.map((m) => [m.key, m.value.toString('hex')]),
      );
    };
    const skeletons = () => known.map((k) => k.slot?.skeleton);
    send(1_700_000_000_000, () => true, 'push');
    const first = skeletons();
    for (let round = 1; round <= 3; round++) send(1_700_000_000_000 + round * 15_000, () => true, 'push');
    expect(skeletons().every((s, i) => s === first[i])).toBe(true);
    expect(first.filter(Boolean).length).toBeGreaterThan(0);
    send(1_700_000_060_000, (i) => i !== 1, 'push');
    send(1_700_000_075_000, () => true, 'scrape');
    send(1_700_000_090_000, () => true, 'push');
  });

  it('flags staleness markers', () => {
    const s: Sample = { name: 'up', labels: { job: 'a' }, value: NaN, timestampMs: 1, stale: true };
    const [message] = shardMessages([pointsOf([s])], 'scrape', 900_000);
    const point = decodeSampleBatch(message!.value).series[0]!.points[0]!;
    expect(point.stale).toBe(true);
    expect(isStaleNaN(point.value)).toBe(true);
  });
});
