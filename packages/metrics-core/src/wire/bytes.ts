import { WireFormatError } from './wire-error';

/** The signed number a zigzag varint `z` encodes (`ByteWriter.zigzag`'s inverse). */
export function fromZigzag(z: number): number {
  return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
}

/** Growable byte writer with unsigned LEB128 varints exact up to 2^53. */
export class ByteWriter {
  private buf: Buffer;
  /** Over `buf`: Buffer's writeDoubleLE/writeUInt32LE check their arguments on every call. */
  private view: DataView;
  private pos = 0;

  constructor(initialSize = 4096) {
    this.buf = Buffer.allocUnsafe(initialSize);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
  }

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + extra) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.length);
  }

  u8(value: number): void {
    this.ensure(1);
    this.buf[this.pos++] = value;
  }

  varint(value: number): void {
    this.ensure(10);
    const buf = this.buf;
    let pos = this.pos;
    // above 2^31 bit operators no longer apply: write the low 28 bits, then continue with the rest
    if (value > 0x7fffffff) {
      const high = Math.floor(value / 0x10000000);
      const low = value - high * 0x10000000;
      buf[pos++] = (low & 0x7f) | 0x80;
      buf[pos++] = ((low >>> 7) & 0x7f) | 0x80;
      buf[pos++] = ((low >>> 14) & 0x7f) | 0x80;
      buf[pos++] = ((low >>> 21) & 0x7f) | 0x80;
      value = high;
    }
    while (value >= 0x80) {
      buf[pos++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    buf[pos++] = value;
    this.pos = pos;
  }

  zigzag(value: number): void {
    this.varint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  /** Writes the two 32-bit halves so NaN payloads (the staleness marker) survive exactly. */
  float64Bits(hi: number, lo: number): void {
    this.ensure(8);
    this.view.setUint32(this.pos, lo, true);
    this.view.setUint32(this.pos + 4, hi, true);
    this.pos += 8;
  }

  float64(value: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
  }

  string(value: string): void {
    const n = value.length;
    if (n < 0x80) {
      // short ASCII (nearly every label): length byte + bytes, without a native call; else the general path
      this.ensure(n + 1);
      const buf = this.buf;
      let pos = this.pos + 1;
      let i = 0;
      for (; i < n; i++) {
        const c = value.charCodeAt(i);
        if (c >= 0x80) break;
        buf[pos++] = c;
      }
      if (i === n) {
        buf[this.pos] = n;
        this.pos = pos;
        return;
      }
    }
    const len = Buffer.byteLength(value);
    this.varint(len);
    this.ensure(len);
    this.buf.write(value, this.pos, 'utf8');
    this.pos += len;
  }

  /** Appends bytes already encoded (short ones copied in place, without a native call). */
  raw(bytes: Uint8Array): void {
    const n = bytes.length;
    this.ensure(n);
    if (n > 32) this.buf.set(bytes, this.pos);
    else {
      const buf = this.buf;
      const pos = this.pos;
      for (let i = 0; i < n; i++) buf[pos + i] = bytes[i] as number;
    }
    this.pos += n;
  }

  /** Appends `bytes[from..to)`, copied in place (for the few bytes of a series' references). */
  rawRange(bytes: Uint8Array, from: number, to: number): void {
    this.ensure(to - from);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = from; i < to; i++) buf[pos++] = bytes[i] as number;
    this.pos = pos;
  }

  /** Appends what `other` wrote from `start` on. */
  copyFrom(other: ByteWriter, start: number): void {
    this.rawRange(other.buf, start, other.pos);
  }

  /** The number of bytes written so far. */
  get length(): number {
    return this.pos;
  }

  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  /** Forgets what was written, keeping the (grown) buffer: for a writer reused across messages. */
  reset(): void {
    this.pos = 0;
  }

  /** A copy of what was written, exactly sized (small copies come from Node's shared pool). */
  copyOut(): Buffer {
    return this.copyRange(0, this.pos);
  }

  /** A copy of the written bytes `[from..to)`. */
  copyRange(from: number, to: number): Buffer {
    const out = Buffer.allocUnsafe(to - from);
    this.buf.copy(out, 0, from, to);
    return out;
  }
}

export class ByteReader {
  private pos = 0;

  constructor(private readonly buf: Buffer) {}

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(n: number, what: string): void {
    if (this.pos + n > this.buf.length)
      throw new WireFormatError('corrupt', `truncated message reading ${what} at byte ${this.pos}`);
  }

  u8(what: string): number {
    this.need(1, what);
    return this.buf[this.pos++] as number;
  }

  varint(what: string): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const byte = this.u8(what);
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 0x80;
    }
    throw new WireFormatError('corrupt', `varint too long reading ${what} at byte ${this.pos}`);
  }

  zigzag(what: string): number {
    return fromZigzag(this.varint(what));
  }

  float64Bits(what: string): { hi: number; lo: number; value: number } {
    this.need(8, what);
    const lo = this.buf.readUInt32LE(this.pos);
    const hi = this.buf.readUInt32LE(this.pos + 4);
    const value = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return { hi, lo, value };
  }

  string(what: string): string {
    const len = this.varint(what);
    this.need(len, what);
    const s = this.buf.toString('utf8', this.pos, this.pos + len);
    this.pos += len;
    return s;
  }
}
