import { decodeSampleBatch } from '../wire/sample-batch.codec';
import { shardKey } from '../sample/fingerprint';
import type { Sample } from '../sample/sample';
import { buildSampleMessages, encodeShardSeries } from './sample-producer';

function s(name: string, labels: Record<string, string>, t: number, v = 1): Sample {
  return { name, labels, value: v, timestampMs: t };
}

describe('buildSampleMessages', () => {
  it('groups samples by shard key, one message per key, series in order', () => {
    const samples = [
      s('a', { job: 'j', instance: '1' }, 1),
      s('b', { job: 'j', instance: '2' }, 1),
      s('a', { job: 'j', instance: '1' }, 2),
      s('c', { job: 'j', instance: '1' }, 1),
      s('lonely', {}, 5),
    ];
    const messages = buildSampleMessages(samples, 'push');
    expect(messages).toHaveLength(3);
    const first = messages.find((m) => m.key === shardKey('a', { job: 'j', instance: '1' }))!;
    const decoded = decodeSampleBatch(first.value);
    expect(decoded.source).toBe('push');
    expect(decoded.series.map((x) => x.name)).toEqual(['a', 'c']);
    expect(decoded.series[0]!.points.map((p) => p.timestampMs)).toEqual([1, 2]);
  });

  it('splits large keys into several messages under the size limit, never splitting a series', () => {
    const samples: Sample[] = [];
    for (let i = 0; i < 500; i++)
      for (let t = 0; t < 4; t++) samples.push(s('m', { job: 'j', instance: 'x', i: String(i) }, t, t));
    const messages = buildSampleMessages(samples, 'scrape', 4000);
    expect(messages.length).toBeGreaterThan(5);
    const seen = new Map<string, number>();
    let total = 0;
    for (const m of messages) {
      expect(m.value.length).toBeLessThan(4000 + 200);
      for (const series of decodeSampleBatch(m.value).series) {
        expect(seen.has(series.labels.i!)).toBe(false);
        seen.set(series.labels.i!, series.points.length);
        total += series.points.length;
      }
    }
    expect(total).toBe(2000);
    expect([...seen.values()].every((n) => n === 4)).toBe(true);
  });

  it('keeps series apart whose labels read alike unescaped, each point under its own labels', () => {
    const two = { job: 'j', instance: 'i', a: 'x', b: 'y' };
    const one = { job: 'j', instance: 'i', a: 'x",b="y' };
    const [message, ...rest] = buildSampleMessages([s('m', two, 1, 2), s('m', one, 1, 1)], 'push');
    expect(rest).toEqual([]);
    expect(decodeSampleBatch(message!.value).series.map((x) => [x.labels, x.points[0]!.value])).toEqual([
      [two, 2],
      [one, 1],
    ]);
  });
});

describe('encodeShardSeries', () => {
  it('encodes pre-grouped series to the same messages as buildSampleMessages', () => {
    const samples = [
      s('a', { job: 'j', instance: '1' }, 1),
      s('b', { job: 'j', instance: '2' }, 1),
      s('a', { job: 'j', instance: '1' }, 2),
      s('c', {}, 3),
    ];
    const expected = buildSampleMessages(samples, 'push', 60);
    const groups = expected.map((m) => ({ key: m.key, series: decodeSampleBatch(m.value).series }));
    const merged = [
      ...new Map(
        groups.map((g) => [g.key, groups.filter((x) => x.key === g.key).flatMap((x) => x.series)]),
      ).entries(),
    ];
    const actual = encodeShardSeries(
      merged.map(([key, series]) => ({ key, series })),
      'push',
      60,
    );
    expect(actual.map((m) => [m.key, m.value.toString('hex')])).toEqual(
      expected.map((m) => [m.key, m.value.toString('hex')]),
    );
  });
});
