import { randomBytes } from 'node:crypto';
import { STALE_NAN } from '../sample/staleness';
import { decodeSampleBatch, encodeSampleBatch, type SampleBatch } from './sample-batch.codec';
import {
  readSinglePoints,
  sampleBatchLayout,
  visitSampleBatchPoints,
  type SampleBatchLayout,
} from './sample-batch.layout';
import { WireFormatError } from './wire-error';

/** Points per layout series, as visitSampleBatchPoints yields them; undefined when it refuses the layout. */
function pointsVia(
  buf: Buffer,
  layout: SampleBatchLayout,
): Array<Array<[number, number, boolean]>> | undefined {
  const out: Array<Array<[number, number, boolean]>> = [];
  const ok = visitSampleBatchPoints(buf, layout, {
    seriesStart: (i) => void (out[i] = []),
    point: (t, v, stale) => out[out.length - 1]!.push([t, v, stale]),
  });
  return ok ? out : undefined;
}

const pointsOf = (b: SampleBatch) =>
  b.series.map((s) =>
    s.points.map((p) => [p.timestampMs, p.value, p.stale === true] as [number, number, boolean]),
  );

let seed = 11;
const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
const randomBatch = (names: number, pointCount: () => number): SampleBatch => ({
  source: 'push',
  series: Array.from({ length: 1 + rnd(names) }, (_, s) => ({
    name: `m_${s % 3}`,
    labels: { instance: `i${s}`, job: 'j' },
    points: Array.from({ length: pointCount() }, (_, k) => ({
      timestampMs: 1_700_000_000_000 + k * 1000 - rnd(3000),
      value: rnd(4) === 0 ? STALE_NAN : rnd(1000) / 7,
    })),
  })),
});

describe('visitSampleBatchPoints', () => {
  it('reads the points of a message with the same skeleton exactly as decodeSampleBatch does', () => {
    for (let i = 0; i < 100; i++) {
      const first = randomBatch(20, () => 1 + rnd(3));
      const next: SampleBatch = {
        source: first.source,
        series: first.series.map((s) => ({
          ...s,
          points: Array.from({ length: rnd(4) }, (_, k) => ({
            timestampMs: 1_700_000_100_000 + k - rnd(100),
            value: rnd(5) === 0 ? STALE_NAN : rnd(10_000) / 3,
          })),
        })),
      };
      const layout = sampleBatchLayout(encodeSampleBatch(first));
      const buf = encodeSampleBatch(next);
      const decoded = decodeSampleBatch(buf);
      expect(pointsVia(buf, layout)).toEqual(pointsOf(decoded));
    }
  });

  it('keeps its own copy of the skeleton only: the message buffer may be reused', () => {
    const batch = randomBatch(20, () => 5);
    const buf = encodeSampleBatch(batch);
    const layout = sampleBatchLayout(buf);
    const again = Buffer.from(buf);
    buf.fill(0);
    expect(pointsVia(again, layout)).toEqual(pointsOf(decodeSampleBatch(again)));
    expect(layout.byteLength - 8 * layout.seriesCount).toBeLessThan(again.length / 2);
  });

  it('refuses any message whose skeleton differs', () => {
    const base: SampleBatch = {
      source: 'push',
      series: [
        { name: 'a', labels: { job: 'x', instance: '1' }, points: [{ timestampMs: 1, value: 1 }] },
        { name: 'b', labels: { job: 'x', instance: '1' }, points: [{ timestampMs: 1, value: 2 }] },
      ],
    };
    const layout = sampleBatchLayout(encodeSampleBatch(base));
    const variants: SampleBatch[] = [
      { ...base, source: 'scrape' },
      { ...base, series: base.series.slice(0, 1) },
      { ...base, series: [...base.series].reverse() },
      { ...base, series: [base.series[0]!, { ...base.series[1]!, labels: { job: 'x', instance: '2' } }] },
      { ...base, series: [base.series[0]!, { ...base.series[1]!, name: 'c' }] },
      { ...base, series: [...base.series, { name: 'a', labels: {}, points: [] }] },
    ];
    for (const v of variants) expect(pointsVia(encodeSampleBatch(v), layout)).toBeUndefined();
    expect(pointsVia(encodeSampleBatch(base), layout)).toEqual(pointsOf(base));
  });

  it('throws WireFormatError for malformed points or trailing bytes, never anything else', () => {
    const good = encodeSampleBatch(randomBatch(10, () => 2));
    const layout = sampleBatchLayout(good);
    expect(() => pointsVia(good.subarray(0, good.length - 3), layout)).toThrow(WireFormatError);
    expect(pointsVia(Buffer.concat([good, Buffer.from([0])]), layout)).toBeUndefined();
    for (let i = 0; i < 2000; i++) {
      const buf = Buffer.from(good);
      const at = i % buf.length;
      buf[at] = (buf[at] ?? 0) ^ (1 + (i % 255));
      let decoded: SampleBatch | undefined;
      try {
        decoded = decodeSampleBatch(buf);
      } catch (err) {
        expect(err).toBeInstanceOf(WireFormatError);
      }
      let viaLayout;
      try {
        viaLayout = pointsVia(buf, layout);
      } catch (err) {
        expect(err).toBeInstanceOf(WireFormatError);
        expect(decoded).toBeUndefined();
        continue;
      }
      if (viaLayout !== undefined) expect(viaLayout).toEqual(pointsOf(decoded as SampleBatch));
    }
    expect(() => pointsVia(randomBytes(3), layout)).not.toThrow();
  });

  it('builds layouts only from well-formed messages', () => {
    expect(() => sampleBatchLayout(Buffer.from('XX\x01\x00\x00\x00'))).toThrow(WireFormatError);
    const good = encodeSampleBatch(randomBatch(5, () => 1));
    expect(() => sampleBatchLayout(good.subarray(0, good.length - 1))).toThrow(WireFormatError);
    expect(sampleBatchLayout(good).seriesCount).toBe(decodeSampleBatch(good).series.length);
  });
});

/** Points per layout series via readSinglePoints (one each), or undefined when it declines. */
function singlesVia(
  buf: Buffer,
  layout: SampleBatchLayout,
): Array<Array<[number, number, boolean]>> | undefined {
  const n = layout.seriesCount;
  const ts = new Float64Array(n);
  const vs = new Float64Array(n);
  const stale = new Uint8Array(n);
  if (readSinglePoints(buf, layout, ts, vs, stale) !== n) return undefined;
  return Array.from({ length: n }, (_, i) => [[ts[i]!, vs[i]!, stale[i] === 1]]);
}

describe('readSinglePoints', () => {
  it('reads a message whose series carry one point each exactly as visitSampleBatchPoints does', () => {
    let markers = 0;
    let nans = 0;
    for (let i = 0; i < 100; i++) {
      const first = randomBatch(20, () => 1);
      const next: SampleBatch = {
        source: first.source,
        series: first.series.map((s, k) => ({
          ...s,
          points: [
            {
              // small, negative and large timestamps: varints of one to eight bytes
              timestampMs: [0, -1, 63, -5000, 1_700_000_100_000 - rnd(100)][k % 5]!,
              value: rnd(5) === 0 ? STALE_NAN : rnd(3) === 0 ? NaN : rnd(10_000) / 3,
            },
          ],
        })),
      };
      const layout = sampleBatchLayout(encodeSampleBatch(first));
      const buf = encodeSampleBatch(next);
      const read = singlesVia(buf, layout);
      expect(read).toBeDefined();
      expect(read).toEqual(pointsVia(buf, layout));
      for (const [, v, stale] of read?.flat() ?? []) {
        if (stale) markers++;
        else if (Number.isNaN(v)) nans++;
      }
    }
    // markers and plain NaNs both occurred, told apart by the flag
    expect([markers > 0, nans > 0]).toEqual([true, true]);
  });

  it('declines a series with no point or several, a different skeleton, trailing or missing bytes', () => {
    const one = randomBatch(10, () => 1);
    const layout = sampleBatchLayout(encodeSampleBatch(one));
    const same = encodeSampleBatch(one);
    expect(singlesVia(same, layout)).toBeDefined();
    expect(singlesVia(same, layout)).toEqual(pointsVia(same, layout));
    for (const count of [0, 2]) {
      const other: SampleBatch = {
        ...one,
        series: one.series.map((s, k) =>
          k === one.series.length - 1 ? { ...s, points: randomBatch(1, () => count).series[0]!.points } : s,
        ),
      };
      const buf = encodeSampleBatch(other);
      expect(pointsVia(buf, layout)?.map((points) => points.length)).toEqual(
        other.series.map((x) => x.points.length),
      );
      expect(singlesVia(buf, layout)).toBeUndefined();
    }
    expect(singlesVia(encodeSampleBatch({ ...one, source: 'scrape' }), layout)).toBeUndefined();
    const good = encodeSampleBatch(one);
    expect(singlesVia(Buffer.concat([good, Buffer.from([0])]), layout)).toBeUndefined();
    // a timestamp varint of nine bytes is corrupt: declined here, refused by visitSampleBatchPoints
    const single = encodeSampleBatch({
      source: 'push',
      series: [{ name: 'm', labels: {}, points: [{ timestampMs: 5, value: 1 }] }],
    });
    const singleLayout = sampleBatchLayout(single);
    const pointAt = single.length - 10;
    expect(singlesVia(single, singleLayout)).toEqual([[[5, 1, false]]]);
    const longVarint = Buffer.concat([
      single.subarray(0, pointAt + 1),
      Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]),
      Buffer.alloc(8),
    ]);
    expect(() => pointsVia(longVarint, singleLayout)).toThrow(WireFormatError);
    expect(singlesVia(longVarint, singleLayout)).toBeUndefined();
    for (let cut = 1; cut < 12; cut++)
      expect(singlesVia(good.subarray(0, good.length - cut), layout)).toBeUndefined();
  });

  it('reads a corrupted message only as visitSampleBatchPoints would, and never throws', () => {
    const good = encodeSampleBatch(randomBatch(10, () => 1));
    const layout = sampleBatchLayout(good);
    let read = 0;
    for (let i = 0; i < 2000; i++) {
      const buf = Buffer.from(good);
      const at = i % buf.length;
      buf[at] = (buf[at] ?? 0) ^ (1 + (i % 255));
      const singles = singlesVia(buf, layout);
      if (singles === undefined) continue;
      read++;
      expect(singles).toEqual(pointsVia(buf, layout));
    }
    expect(read).toBeGreaterThan(0);
    expect(singlesVia(randomBytes(3), layout)).toBeUndefined();
  });
});
