import { STALE_NAN } from '../sample/staleness';
import { fromZigzag } from './bytes';
import { Cursor, header, readPoints, staleMarkerAt } from './cursor';
import { WireFormatError } from './wire-error';

/**
 * A message's skeleton: every byte except the points (header, string table, series count, and each series'
 * name, label count and label refs). A steady producer sends the same skeleton for a key again and again,
 * so a reader that resolved it once can read the next message's points alone (`visitSampleBatchPoints`).
 */
export class SampleBatchLayout {
  constructor(
    /** The skeleton's bytes: the message's head, then every series' header, without the points. */
    private readonly bytes: Buffer,
    /** Length of the head: from the magic to the series count, inclusive. */
    readonly headLength: number,
    /** Series i's header (name, label count, label refs) is `bytes[starts[i] .. ends[i])`. */
    private readonly starts: Int32Array,
    private readonly ends: Int32Array,
  ) {}

  get seriesCount(): number {
    return this.starts.length;
  }

  /** Bytes held (the skeleton and the offsets). */
  get byteLength(): number {
    return this.bytes.length + 8 * this.starts.length;
  }

  /** True when `buf` starts with the same head. */
  sameHead(buf: Buffer): boolean {
    const n = this.headLength;
    return buf.length >= n && buf.compare(this.bytes, 0, n, 0, n) === 0;
  }

  /** The length of series i's header when `buf` holds the same bytes at `at`, else -1. */
  matchHeader(i: number, buf: Buffer, at: number): number {
    const from = this.starts[i] as number;
    const length = (this.ends[i] as number) - from;
    if (at + length > buf.length) return -1;
    const bytes = this.bytes;
    for (let k = 0; k < length; k++) if (buf[at + k] !== bytes[from + k]) return -1;
    return length;
  }
}

/** The skeleton of a well-formed message; throws WireFormatError as `visitSampleBatch` would. */
export function sampleBatchLayout(buf: Buffer): SampleBatchLayout {
  const c = new Cursor(buf);
  header(c);
  const stringCount = c.count('string count', 1);
  for (let i = 0; i < stringCount; i++) {
    const length = c.varint('string table');
    if (c.pos + length > buf.length) throw c.truncated('string table');
    c.pos += length;
  }
  const seriesCount = c.count('series count', 3);
  const headLength = c.pos;
  const starts = new Int32Array(seriesCount);
  const ends = new Int32Array(seriesCount);
  for (let i = 0; i < seriesCount; i++) {
    starts[i] = c.pos;
    c.ref(stringCount, 'series name');
    const labelCount = c.count('label count', 2);
    for (let j = 0; j < 2 * labelCount; j++) c.ref(stringCount, 'label ref');
    ends[i] = c.pos;
    readPoints(c, SKIP);
  }
  if (c.remaining !== 0)
    throw new WireFormatError('corrupt', `${c.remaining} trailing bytes after the last series`);
  return new SampleBatchLayout(skeleton(buf, headLength, starts, ends), headLength, starts, ends);
}

/**
 * Copies the head and the series headers of `buf` together (the points are not compared, and a steady
 * producer's skeleton is usually small enough for Buffer's shared pool); rebases `starts` and `ends` onto it.
 */
function skeleton(buf: Buffer, headLength: number, starts: Int32Array, ends: Int32Array): Buffer {
  let length = headLength;
  for (let i = 0; i < starts.length; i++) length += (ends[i] as number) - (starts[i] as number);
  const out = Buffer.allocUnsafe(length);
  buf.copy(out, 0, 0, headLength);
  let at = headLength;
  for (let i = 0; i < starts.length; i++) {
    const from = starts[i] as number;
    const to = ends[i] as number;
    for (let k = from; k < to; k++) out[at + k - from] = buf[k] as number;
    starts[i] = at;
    at += to - from;
    ends[i] = at;
  }
  return out;
}

const SKIP = { point(): void {} };

/** Receives the points of a message read through its layout. */
export interface SampleBatchPointVisitor {
  /** The points that follow belong to series `index` of the layout. */
  seriesStart(index: number): void;
  point(timestampMs: number, value: number, stale: boolean): void;
}

/**
 * Reads only the points of `buf` when its skeleton is byte-identical to `layout`, with the same checks on
 * the points as `visitSampleBatch`. Returns false as soon as the skeleton differs, possibly after some
 * callbacks (collect, and apply only on true); throws WireFormatError when the points are malformed.
 */
export function visitSampleBatchPoints(
  buf: Buffer,
  layout: SampleBatchLayout,
  visitor: SampleBatchPointVisitor,
): boolean {
  if (!layout.sameHead(buf)) return false;
  const c = new Cursor(buf);
  c.pos = layout.headLength;
  const count = layout.seriesCount;
  for (let i = 0; i < count; i++) {
    const length = layout.matchHeader(i, buf, c.pos);
    if (length < 0) return false;
    c.pos += length;
    visitor.seriesStart(i);
    readPoints(c, visitor);
  }
  return c.remaining === 0;
}

/**
 * `visitSampleBatchPoints` for the usual message of a steady producer, whose series carry one point each:
 * writes series i's point to `ts[i]`, `vs[i]` and `stale[i]` (1: a staleness marker, read back as STALE_NAN),
 * with no callback per series. Returns the series count, or -1 when it cannot: the skeleton differs, a series
 * has another number of points, or the points are malformed (`visitSampleBatchPoints` then says which). The
 * arrays must have room for `layout.seriesCount` entries; on -1 their contents are unspecified.
 */
export function readSinglePoints(
  buf: Buffer,
  layout: SampleBatchLayout,
  ts: Float64Array,
  vs: Float64Array,
  stale: Uint8Array,
): number {
  if (!layout.sameHead(buf)) return -1;
  const end = buf.length;
  const view = new DataView(buf.buffer, buf.byteOffset, end);
  const count = layout.seriesCount;
  let pos = layout.headLength;
  for (let i = 0; i < count; i++) {
    const length = layout.matchHeader(i, buf, pos);
    if (length < 0) return -1;
    pos += length;
    // one point: the count is the single byte 1, then a zigzag varint timestamp and 8 bytes of value
    if (pos + 10 > end || buf[pos] !== 1) return -1;
    pos++;
    // Cursor.varint's loop, declining where it would throw (read through a Cursor, this was 11 % slower)
    let z = 0;
    let scale = 1;
    for (let k = 0; ; k++) {
      if (k === 8 || pos >= end) return -1;
      const byte = buf[pos++] as number;
      z += (byte & 0x7f) * scale;
      if (byte < 0x80) break;
      scale *= 0x80;
    }
    if (pos + 8 > end) return -1;
    const v = view.getFloat64(pos, true);
    const marker = v !== v && staleMarkerAt(buf, pos);
    ts[i] = fromZigzag(z);
    vs[i] = marker ? STALE_NAN : v;
    stale[i] = marker ? 1 : 0;
    pos += 8;
  }
  return pos === end ? count : -1;
}
