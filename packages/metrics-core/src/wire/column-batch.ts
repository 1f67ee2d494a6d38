import type { SampleSource } from '../sample/sample';
import { ByteWriter } from './bytes';
import { writeHeader } from './sample-batch.codec';
import type { WireString } from './wire-strings';

/**
 * Points of many series, column-wise: point i is (timestamps[i], values[i]), written as the exact staleness
 * marker when stale[i] is 1; next[i] is the same series' following point, or -1.
 */
export interface PointColumns {
  timestamps: ArrayLike<number>;
  values: ArrayLike<number>;
  stale: ArrayLike<number>;
  next: ArrayLike<number>;
}

/** One series of a column batch: its strings (see `wireSeriesStrings`) and the chain of its points. */
export interface ColumnSeries {
  strings: readonly WireString[];
  /** The series' first point in the columns; its `count` points follow through `next`. */
  head: number;
  count: number;
}

const writer = new ByteWriter(1 << 16);
let lastStamp = 0;

/**
 * Wire format v1 of `series[from..to)`: the same bytes `encodeSeriesBatch` writes for the same series and
 * points, built from strings encoded once per series instead of looked up and written once per message.
 */
export function encodeColumnBatch(
  source: SampleSource,
  series: readonly ColumnSeries[],
  from: number,
  to: number,
  points: PointColumns,
): Buffer {
  const stamp = ++lastStamp;
  const table: WireString[] = [];
  for (let i = from; i < to; i++) {
    const strings = (series[i] as ColumnSeries).strings;
    for (let j = 0; j < strings.length; j++) {
      const ws = strings[j] as WireString;
      if (ws.stamp !== stamp) {
        ws.stamp = stamp;
        ws.id = table.length;
        table.push(ws);
      }
    }
  }
  const w = writer;
  writeHeader(w, source);
  w.varint(table.length);
  for (let i = 0; i < table.length; i++) w.raw((table[i] as WireString).encoded);
  w.varint(to - from);
  const { timestamps, values, stale, next } = points;
  for (let i = from; i < to; i++) {
    const s = series[i] as ColumnSeries;
    const strings = s.strings;
    w.varint((strings[0] as WireString).id);
    w.varint((strings.length - 1) / 2);
    for (let j = 1; j < strings.length; j++) w.varint((strings[j] as WireString).id);
    w.varint(s.count);
    let prev = 0;
    for (let p = s.head; p >= 0; p = next[p] as number) {
      const t = timestamps[p] as number;
      w.zigzag(t - prev);
      prev = t;
      if (stale[p] === 1) w.float64Bits(0x7ff00000, 0x00000002);
      else w.float64(values[p] as number);
    }
  }
  return w.copyOut();
}
