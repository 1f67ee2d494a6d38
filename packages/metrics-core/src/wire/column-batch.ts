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

/**
 * What a message wrote besides its points: the header, the string table and the series count (`head`), and
 * each series' references (`refs`, series k's bytes ending at `refEnds[k]`). A steady sender's shard key
 * brings the same series in the same order message after message, and the next such message copies these.
 */
export class BatchSkeleton {
  constructor(
    readonly source: SampleSource,
    readonly series: readonly ColumnSeries[],
    readonly head: Uint8Array,
    readonly refs: Uint8Array,
    readonly refEnds: Uint32Array,
  ) {}
}

/** Where a caller keeps the skeleton of the last message encoded with it (see `encodeColumnBatch`). */
export interface SkeletonHolder {
  skeleton: BatchSkeleton | undefined;
}

const writer = new ByteWriter(1 << 16);
const refsWriter = new ByteWriter(1 << 12);
let lastStamp = 0;

/**
 * Wire format v1 of `series[from..to)`: the same bytes `encodeSeriesBatch` writes for the same series and
 * points, built from strings encoded once per series instead of looked up and written once per message.
 * With a `holder`, a message of the same source and series in the same order as the holder's last one reuses
 * its skeleton, and any other message leaves its own skeleton there.
 */
export function encodeColumnBatch(
  source: SampleSource,
  series: readonly ColumnSeries[],
  from: number,
  to: number,
  points: PointColumns,
  holder?: SkeletonHolder,
): Buffer {
  const skeleton = holder?.skeleton;
  if (skeleton !== undefined && skeleton.source === source && sameSeries(skeleton, series, from, to))
    return encodeOver(skeleton, points);
  return encodeFresh(source, series, from, to, points, holder);
}

function sameSeries(
  skeleton: BatchSkeleton,
  series: readonly ColumnSeries[],
  from: number,
  to: number,
): boolean {
  const known = skeleton.series;
  if (known.length !== to - from) return false;
  for (let k = 0; k < known.length; k++) if (known[k] !== series[from + k]) return false;
  return true;
}

function encodeOver(skeleton: BatchSkeleton, points: PointColumns): Buffer {
  const w = writer;
  w.reset();
  w.raw(skeleton.head);
  const { series, refs, refEnds } = skeleton;
  let r = 0;
  for (let k = 0; k < series.length; k++) {
    const end = refEnds[k] as number;
    w.rawRange(refs, r, end);
    r = end;
    writePoints(w, series[k] as ColumnSeries, points);
  }
  return w.copyOut();
}

const refEnds: number[] = [];

/** Encodes the message from its series' strings; with a `holder`, leaves the message's skeleton there. */
function encodeFresh(
  source: SampleSource,
  series: readonly ColumnSeries[],
  from: number,
  to: number,
  points: PointColumns,
  holder: SkeletonHolder | undefined,
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
  const headEnd = w.length;
  const refs = refsWriter;
  refs.reset();
  refEnds.length = 0;
  for (let i = from; i < to; i++) {
    const s = series[i] as ColumnSeries;
    const strings = s.strings;
    const start = w.length;
    w.varint((strings[0] as WireString).id);
    w.varint((strings.length - 1) / 2);
    for (let j = 1; j < strings.length; j++) w.varint((strings[j] as WireString).id);
    if (holder !== undefined) {
      refs.copyFrom(w, start);
      refEnds.push(refs.length);
    }
    writePoints(w, s, points);
  }
  if (holder !== undefined)
    holder.skeleton = new BatchSkeleton(
      source,
      series.slice(from, to),
      w.copyRange(0, headEnd),
      refs.copyOut(),
      Uint32Array.from(refEnds),
    );
  return w.copyOut();
}

function writePoints(w: ByteWriter, s: ColumnSeries, points: PointColumns): void {
  const { timestamps, values, stale, next } = points;
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
