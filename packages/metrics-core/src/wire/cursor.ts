import type { SampleSource } from '../sample/sample';
import { SAMPLE_SOURCES } from '../sample/sample';
import { STALE_NAN } from '../sample/staleness';
import { fromZigzag } from './bytes';
import { WIRE_MAGIC_0, WIRE_MAGIC_1, WIRE_VERSION } from './sample-batch.codec';
import { WireFormatError } from './wire-error';

/** Reads the wire format's varints and strings with bounds checks (WireFormatError on anything malformed). */
export class Cursor {
  pos = 0;
  private dataView: DataView | undefined = undefined;

  constructor(readonly buf: Buffer) {}

  /** The little-endian double at `at` (bounds checked by the caller). */
  double(at: number): number {
    const view = (this.dataView ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length));
    return view.getFloat64(at, true);
  }

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

/** True when the 8 value bytes at `at` are Prometheus' staleness marker, bit for bit (its double is a NaN). */
export function staleMarkerAt(buf: Buffer, at: number): boolean {
  return buf.readUInt32LE(at) === 2 && buf.readUInt32LE(at + 4) === 0x7ff00000;
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
    t += fromZigzag(z);
    const at = c.pos;
    if (at + 8 > buf.length) throw c.truncated('value');
    const v = c.double(at);
    if (v !== v && staleMarkerAt(buf, at)) sink.point(t, STALE_NAN, true);
    else sink.point(t, v, false);
    c.pos = at + 8;
  }
}
