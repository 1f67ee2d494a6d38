import { Cursor, header, readPoints } from './cursor';
import { WireFormatError } from './wire-error';

/**
 * A message's skeleton: every byte except the points (header, string table, series count, and each series'
 * name, label count and label refs). A steady producer sends the same skeleton for a key again and again,
 * so a reader that resolved it once can read the next message's points alone (`visitSampleBatchPoints`).
 */
export class SampleBatchLayout {
  constructor(
    /** Bytes from the magic to the series count, inclusive. */
    readonly head: Buffer,
    /** The series headers, back to back. */
    readonly headers: Buffer,
    /** Series i's header is `headers[headerEnds[i-1] .. headerEnds[i])` (from 0 for i = 0). */
    readonly headerEnds: Int32Array,
  ) {}

  get seriesCount(): number {
    return this.headerEnds.length;
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
  const head = Buffer.from(buf.subarray(0, c.pos));
  const parts: Buffer[] = [];
  const headerEnds = new Int32Array(seriesCount);
  let length = 0;
  for (let i = 0; i < seriesCount; i++) {
    const from = c.pos;
    c.ref(stringCount, 'series name');
    const labelCount = c.count('label count', 2);
    for (let j = 0; j < 2 * labelCount; j++) c.ref(stringCount, 'label ref');
    parts.push(buf.subarray(from, c.pos));
    length += c.pos - from;
    headerEnds[i] = length;
    readPoints(c, SKIP);
  }
  if (c.remaining !== 0)
    throw new WireFormatError('corrupt', `${c.remaining} trailing bytes after the last series`);
  return new SampleBatchLayout(head, Buffer.concat(parts, length), headerEnds);
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
  const head = layout.head;
  if (buf.length < head.length || buf.compare(head, 0, head.length, 0, head.length) !== 0) return false;
  const c = new Cursor(buf);
  c.pos = head.length;
  const headers = layout.headers;
  const ends = layout.headerEnds;
  let from = 0;
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i] as number;
    const at = c.pos;
    if (at + end - from > buf.length) return false;
    for (let k = from; k < end; k++) if (buf[at + k - from] !== headers[k]) return false;
    c.pos = at + end - from;
    from = end;
    visitor.seriesStart(i);
    readPoints(c, visitor);
  }
  return c.remaining === 0;
}
