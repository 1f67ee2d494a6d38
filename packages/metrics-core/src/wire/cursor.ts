import type { SampleSource } from '../sample/sample';
import { SAMPLE_SOURCES } from '../sample/sample';
import { STALE_NAN } from '../sample/staleness';
import { WIRE_MAGIC_0, WIRE_MAGIC_1, WIRE_VERSION } from './sample-batch.codec';
import { WireFormatError } from './wire-error';

/** Reads the wire format's varints and strings with bounds checks (WireFormatError on anything malformed). */
export class Cursor {
  pos = 0;

  constructor(readonly buf: Buffer) {}

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  truncated(what: string): WireFormatError {
    return new WireFormatError('corrupt', `truncated message reading ${what} at byte ${this.pos}`);
  }

  varint(what: string): number {
    const buf = this.buf;
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      if (this.pos >= buf.length) throw this.truncated(what);
      const byte = buf[this.pos++] as number;
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 0x80;
    }
    throw new WireFormatError('corrupt', `varint too long reading ${what} at byte ${this.pos}`);
  }

  count(what: string, minBytesEach: number): number {
    const n = this.varint(what);
    if (n * minBytesEach > this.remaining)
      throw new WireFormatError('corrupt', `${what} ${n} exceeds the message size`);
    return n;
  }

  ref(tableSize: number, what: string): number {
    const i = this.varint(what);
    if (i >= tableSize) throw new WireFormatError('corrupt', `${what} refers to string ${i} of ${tableSize}`);
    return i;
  }

  string(what: string): string {
    const len = this.varint(what);
    if (this.pos + len > this.buf.length) throw this.truncated(what);
    const s = this.buf.toString('utf8', this.pos, this.pos + len);
    this.pos += len;
    return s;
  }
}

/** Checks magic, version and source; leaves the cursor after them. */
export function header(c: Cursor): SampleSource {
  const buf = c.buf;
  if (buf.length < 4 || buf[0] !== WIRE_MAGIC_0 || buf[1] !== WIRE_MAGIC_1)
    throw new WireFormatError('bad_magic', 'not a Streamwatch sample batch (bad magic bytes)');
  if (buf[2] !== WIRE_VERSION)
    throw new WireFormatError('unknown_version', `unknown sample batch version ${buf[2]}`);
  const source = SAMPLE_SOURCES[buf[3] as number];
  if (source === undefined) throw new WireFormatError('corrupt', 'unknown sample source');
  c.pos = 4;
  return source;
}

const SCRATCH = new Float64Array(1);
const SCRATCH_BYTES = new Uint8Array(SCRATCH.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The little-endian double at `at` (in bounds), without Buffer.readDoubleLE's argument checks. */
function doubleAt(buf: Buffer, at: number): number {
  if (!LITTLE_ENDIAN) return buf.readDoubleLE(at);
  const b = SCRATCH_BYTES;
  b[0] = buf[at] as number;
  b[1] = buf[at + 1] as number;
  b[2] = buf[at + 2] as number;
  b[3] = buf[at + 3] as number;
  b[4] = buf[at + 4] as number;
  b[5] = buf[at + 5] as number;
  b[6] = buf[at + 6] as number;
  b[7] = buf[at + 7] as number;
  return SCRATCH[0] as number;
}

/** Reads one series' point count and points into `sink` (a staleness marker arrives bit-exact as `stale`). */
export function readPoints(
  c: Cursor,
  sink: { point(timestampMs: number, value: number, stale: boolean): void },
): void {
  const buf = c.buf;
  const pointCount = c.count('sample count', 9);
  let t = 0;
  for (let k = 0; k < pointCount; k++) {
    const z = c.varint('timestamp');
    t += z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    const at = c.pos;
    if (at + 8 > buf.length) throw c.truncated('value');
    const v = doubleAt(buf, at);
    if (v !== v && buf.readUInt32LE(at) === 2 && buf.readUInt32LE(at + 4) === 0x7ff00000)
      sink.point(t, STALE_NAN, true);
    else sink.point(t, v, false);
    c.pos = at + 8;
  }
}
