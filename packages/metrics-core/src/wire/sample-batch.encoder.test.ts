import { SAMPLE_SOURCES, type Labels, type SampleSource } from '../sample/sample';
import { STALE_NAN } from '../sample/staleness';
import { encodeSampleBatch, type SeriesPoints } from './sample-batch.codec';

/** The encoder as first written (fresh string table per message, division-based varints): the byte reference. */
function referenceEncode(source: SampleSource, series: SeriesPoints[]): Buffer {
  const out: number[] = [0x53, 0x57, 1, Math.max(0, SAMPLE_SOURCES.indexOf(source))];
  const varint = (v: number) => {
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
  };
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const id = (s: string) => {
    if (!ids.has(s)) ids.set(s, strings.push(s) - 1);
    return ids.get(s)!;
  };
  const refs = series.map((s) => [
    id(s.name),
    ...Object.keys(s.labels)
      .sort()
      .flatMap((k) => [id(k), id(s.labels[k]!)]),
  ]);
  varint(strings.length);
  for (const s of strings) {
    const b = Buffer.from(s, 'utf8');
    varint(b.length);
    out.push(...b);
  }
  varint(series.length);
  series.forEach((s, i) => {
    const [name, ...labelRefs] = refs[i]!;
    varint(name!);
    varint(labelRefs.length / 2);
    labelRefs.forEach(varint);
    varint(s.points.length);
    let prev = 0;
    for (const p of s.points) {
      const d = p.timestampMs - prev;
      varint(d >= 0 ? d * 2 : -d * 2 - 1);
      prev = p.timestampMs;
      const f = Buffer.alloc(8);
      if (p.stale) {
        f.writeUInt32LE(0x7ff00000, 4);
        f.writeUInt32LE(2, 0);
      } else f.writeDoubleLE(p.value);
      out.push(...f);
    }
  });
  return Buffer.from(out);
}

describe('encodeSampleBatch bytes', () => {
  it('match the reference encoder on random batches, also when encoded one after another', () => {
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    const words = ['up', 'job', 'a', 'é', '日本', 'x'.repeat(200), '', 'instance', 'ü'.repeat(70)];
    const timestamps = [0, 1, 127, 128, 2 ** 31 - 1, 2 ** 31, 2 ** 32 + 5, 1_700_000_000_123, 2 ** 52 - 1];
    const previous: Array<[Buffer, Buffer]> = [];
    for (let round = 0; round < 200; round++) {
      const series: SeriesPoints[] = Array.from({ length: 1 + rnd(150) }, () => {
        const labels: Labels = {};
        for (let j = rnd(5); j > 0; j--) labels[`${words[rnd(words.length)]}${rnd(3)}`] = `v${rnd(400)}`;
        return {
          name: `m${rnd(300)}`,
          labels,
          points: Array.from({ length: rnd(4) }, () =>
            rnd(10) === 0
              ? { timestampMs: timestamps[rnd(timestamps.length)]!, value: STALE_NAN, stale: true }
              : { timestampMs: timestamps[rnd(timestamps.length)]!, value: rnd(1000) / 7 - 50 },
          ),
        };
      });
      const source = SAMPLE_SOURCES[rnd(SAMPLE_SOURCES.length)]!;
      const actual = encodeSampleBatch({ source, series });
      const expected = referenceEncode(source, series);
      expect(actual.toString('hex')).toBe(expected.toString('hex'));
      previous.push([actual, expected]);
    }
    // each message is its own copy: later encodings did not overwrite earlier ones
    for (const [actual, expected] of previous) expect(actual.equals(expected)).toBe(true);
  });
});
