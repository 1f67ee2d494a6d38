import { SAMPLE_SOURCES, type SampleSource } from '../sample/sample';
import { randomSeriesGenerator } from '../testing/random-series';
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
    const { rnd, series: randomSeries } = randomSeriesGenerator(7);
    const previous: Array<[Buffer, Buffer]> = [];
    for (let round = 0; round < 200; round++) {
      const series = randomSeries(150);
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
