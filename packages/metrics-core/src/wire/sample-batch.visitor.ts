import type { SampleSource } from '../sample/sample';
import { Cursor, header, readPoints } from './cursor';
import { WireFormatError } from './wire-error';

/**
 * Receives a wire-format batch without intermediate objects (see `visitSampleBatch`). `strings` is the
 * message's string table; every ref passed later indexes it.
 */
export interface SampleBatchVisitor {
  begin(source: SampleSource, strings: readonly string[]): void;
  /**
   * A series; `labelRefs[0..2*labelCount)` holds name and value refs pairwise, in wire order (sorted by
   * name). The array is reused for the next series: copy what you keep.
   */
  series(nameRef: number, labelRefs: Int32Array, labelCount: number): void;
  /** A point of the current series. A staleness marker arrives with `stale` true and `value` STALE_NAN. */
  point(timestampMs: number, value: number, stale: boolean): void;
}

let scratch = new Int32Array(64);

/**
 * Streams a wire-format message (the format `decodeSampleBatch` reads) into `visitor`, with the same checks.
 * Throws WireFormatError on anything malformed, possibly after some callbacks: a visitor that must not
 * apply half a message should collect first and apply once this returns.
 */
export function visitSampleBatch(buf: Buffer, visitor: SampleBatchVisitor): void {
  const c = new Cursor(buf);
  const source = header(c);
  const stringCount = c.count('string count', 1);
  const table = new Array<string>(stringCount);
  for (let i = 0; i < stringCount; i++) table[i] = c.string('string table');
  visitor.begin(source, table);
  const seriesCount = c.count('series count', 3);
  for (let i = 0; i < seriesCount; i++) {
    const nameRef = c.ref(stringCount, 'series name');
    const labelCount = c.count('label count', 2);
    if (scratch.length < 2 * labelCount) scratch = new Int32Array(2 * labelCount);
    const refs = scratch;
    for (let j = 0; j < 2 * labelCount; j += 2) {
      refs[j] = c.ref(stringCount, 'label name');
      refs[j + 1] = c.ref(stringCount, 'label value');
    }
    visitor.series(nameRef, refs, labelCount);
    readPoints(c, visitor);
  }
  if (c.remaining !== 0)
    throw new WireFormatError('corrupt', `${c.remaining} trailing bytes after the last series`);
}
