import { sortedLabelNames } from '../sample/fingerprint';
import { SAMPLE_SOURCES } from '../sample/sample';
import { encodeColumnBatch, type ColumnSeries, type SkeletonHolder } from './column-batch';
import { decodeSampleBatch, encodeSampleBatch, type SeriesPoints } from './sample-batch.codec';
import { WireStringPool, wireSeriesStrings } from './wire-strings';
import { randomSeriesGenerator } from '../testing/random-series';

/** Columns holding `series`' points interleaved round-robin, each series chained through `next`. */
function columnsOf(series: readonly SeriesPoints[], pool: WireStringPool) {
  const timestamps: number[] = [];
  const values: number[] = [];
  const stale: number[] = [];
  const next: number[] = [];
  const out: ColumnSeries[] = series.map((s) => ({
    strings: wireSeriesStrings(s.name, s.labels, sortedLabelNames(s.labels), pool),
    head: -1,
    count: s.points.length,
  }));
  const tails = series.map(() => -1);
  const longest = Math.max(0, ...series.map((s) => s.points.length));
  for (let k = 0; k < longest; k++)
    series.forEach((s, i) => {
      const p = s.points[k];
      if (!p) return;
      const at = timestamps.length;
      timestamps.push(p.timestampMs);
      values.push(p.value);
      stale.push(p.stale ? 1 : 0);
      next.push(-1);
      if (tails[i]! < 0) out[i]!.head = at;
      else next[tails[i]!] = at;
      tails[i] = at;
    });
  return { series: out, points: { timestamps, values, stale, next } };
}

describe('encodeColumnBatch', () => {
  const { rnd, series: generate } = randomSeriesGenerator(11);
  const randomSeries = () => generate(120);

  it('writes the bytes encodeSampleBatch writes, for any slice of the series', () => {
    const pool = new WireStringPool();
    for (let round = 0; round < 150; round++) {
      const series = randomSeries();
      const source = SAMPLE_SOURCES[rnd(SAMPLE_SOURCES.length)]!;
      const cols = columnsOf(series, pool);
      const from = rnd(series.length);
      const to = from + 1 + rnd(series.length - from);
      const actual = encodeColumnBatch(source, cols.series, from, to, cols.points);
      const expected = encodeSampleBatch({ source, series: series.slice(from, to) });
      expect(actual.toString('hex')).toBe(expected.toString('hex'));
    }
  });

  it('still decodes to the same batch when a string has two WireStrings after the pool rotated', () => {
    const pool = new WireStringPool(2);
    const a: SeriesPoints = { name: 'up', labels: { job: 'api' }, points: [{ timestampMs: 5, value: 1 }] };
    const first = columnsOf([a], pool).series[0]!;
    wireSeriesStrings('other', { x: 'y' }, ['x'], pool);
    wireSeriesStrings('more', { z: 'w' }, ['z'], pool);
    const b: SeriesPoints = { name: 'up', labels: { job: 'web' }, points: [{ timestampMs: 6, value: 2 }] };
    const cols = columnsOf([a, b], pool);
    expect(cols.series[1]!.strings[0]).not.toBe(first.strings[0]);
    cols.series[0] = { ...first, head: cols.series[0]!.head };
    const decoded = decodeSampleBatch(encodeColumnBatch('push', cols.series, 0, 2, cols.points));
    expect(decoded).toEqual({ source: 'push', series: [a, b] });
  });

  it("reuses a holder's skeleton only for the same source and the same series in the same order", () => {
    const pool = new WireStringPool();
    const base = randomSeries().slice(0, 12);
    const cols = columnsOf(base, pool);
    const holder: SkeletonHolder = { skeleton: undefined };
    let reused = 0;
    for (let round = 0; round < 300; round++) {
      const variant = rnd(6);
      let order = cols.series.map((_, i) => i);
      if (variant === 1) order = order.reverse();
      if (variant === 2) order = order.slice(0, 1 + rnd(order.length));
      if (variant === 3) {
        const [a, b] = [rnd(order.length), rnd(order.length)];
        [order[a], order[b]] = [order[b]!, order[a]!];
      }
      const source = variant === 4 ? SAMPLE_SOURCES[rnd(SAMPLE_SOURCES.length)]! : 'remote_write';
      const chosen = order.map((i) => cols.series[i]!);
      const points = order.map((i) =>
        base[i]!.points.map(() => ({ timestampMs: rnd(1e13), value: rnd(1e6) / 7 })),
      );
      const timestamps = points.flat().map((p) => p.timestampMs);
      const values = points.flat().map((p) => p.value);
      // the held series objects get this round's points in place, as the collector's slots do
      const next = values.map((_, p) => p + 1);
      let at = 0;
      chosen.forEach((c, k) => {
        c.count = points[k]!.length;
        c.head = c.count ? at : -1;
        at += c.count;
        if (c.count) next[at - 1] = -1;
      });
      const before = holder.skeleton;
      const actual = encodeColumnBatch(
        source,
        chosen,
        0,
        chosen.length,
        { timestamps, values, stale: values.map(() => 0), next },
        holder,
      );
      const expected = encodeSampleBatch({
        source,
        series: order.map((i, k) => ({ name: base[i]!.name, labels: base[i]!.labels, points: points[k]! })),
      });
      expect(actual.toString('hex')).toBe(expected.toString('hex'));
      if (holder.skeleton === before) reused++;
    }
    expect(reused).toBeGreaterThan(50);
  });

  it('gives each message its own buffer', () => {
    const pool = new WireStringPool();
    const one = columnsOf([{ name: 'a', labels: {}, points: [{ timestampMs: 1, value: 1 }] }], pool);
    const two = columnsOf([{ name: 'b', labels: {}, points: [{ timestampMs: 2, value: 2 }] }], pool);
    const first = encodeColumnBatch('push', one.series, 0, 1, one.points);
    const copy = Buffer.from(first);
    encodeColumnBatch('push', two.series, 0, 1, two.points);
    expect(first.equals(copy)).toBe(true);
  });
});
