/** A WriteRequest body that is not valid protobuf (truncated, bad wire type, bad UTF-8, ...). */
export class ProtoFormatError extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const TWO_32 = 4294967296;

/**
 * Minimal protobuf reader over `buf[pos, end)`: varints, fixed64 doubles, length-delimited fields. Doubles are
 * read through a DataView: Buffer's readDoubleLE/readUInt32LE check their arguments on every call.
 */
export class ProtoReader {
  private view: DataView | undefined = undefined;

  constructor(
    readonly buf: Buffer,
    public pos: number,
    private end: number,
  ) {}

  /** Confines reading to `[pos, end)`, the nested message just entered; returns the outer end for `leave`. */
  enter(end: number): number {
    const outer = this.end;
    this.end = end;
    return outer;
  }

  leave(outerEnd: number): void {
    this.end = outerEnd;
  }

  more(): boolean {
    return this.pos < this.end;
  }

  private fail(what: string): never {
    throw new ProtoFormatError(`${what} at offset ${this.pos}`);
  }

  /** Unsigned varint of up to 32 bits (tags, lengths). */
  uint32(): number {
    const first = this.buf[this.pos] as number;
    if (first < 0x80 && this.pos < this.end) {
      this.pos++;
      return first;
    }
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (this.pos >= this.end) this.fail('truncated varint');
      const byte = this.buf[this.pos++] as number;
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result >>> 0;
    }
    return this.skipVarintTail(result >>> 0);
  }

  private skipVarintTail(value: number): number {
    // a 32-bit field written as a 10-byte (negative int32) varint: protobuf keeps the low 32 bits
    for (let i = 0; i < 5; i++) {
      if (this.pos >= this.end) this.fail('truncated varint');
      if ((this.buf[this.pos++] as number) < 0x80) return value;
    }
    return this.fail('invalid varint encoding');
  }

  tag(): number {
    return this.uint32();
  }

  /** Reads a length prefix and returns the end offset of the field's bytes. */
  lengthEnd(): number {
    const len = this.uint32();
    const end = this.pos + len;
    if (end > this.end) this.fail(`length ${len} beyond the end of the message`);
    return end;
  }

  /** int64 as a number, exactly as protobufjs converts it without Long (two's complement, signed). */
  int64(): number {
    let lo = 0;
    let hi = 0;
    let i = 0;
    for (; i < 4; i++) {
      const byte = this.byte();
      lo = (lo | ((byte & 0x7f) << (i * 7))) >>> 0;
      if (byte < 0x80) return lo;
    }
    let byte = this.byte();
    lo = (lo | ((byte & 0x7f) << 28)) >>> 0;
    hi = (hi | ((byte & 0x7f) >> 4)) >>> 0;
    if (byte >= 0x80)
      for (i = 0; ; i++) {
        if (i === 5) this.fail('invalid varint encoding');
        byte = this.byte();
        hi = (hi | ((byte & 0x7f) << (i * 7 + 3))) >>> 0;
        if (byte < 0x80) break;
      }
    if (hi >>> 31) {
      const nlo = (~lo + 1) >>> 0;
      let nhi = ~hi >>> 0;
      if (!nlo) nhi = (nhi + 1) >>> 0;
      return -(nlo + nhi * TWO_32);
    }
    return lo + hi * TWO_32;
  }

  private byte(): number {
    if (this.pos >= this.end) this.fail('truncated varint');
    return this.buf[this.pos++] as number;
  }

  double(): number {
    if (this.pos + 8 > this.end) this.fail('truncated double');
    const value = this.dataView().getFloat64(this.pos, true);
    this.pos += 8;
    return value;
  }

  /** True when the fixed64 at `at` (already read) is Prometheus' staleness marker, 0x7ff0000000000002. */
  staleMarkerAt(at: number): boolean {
    const view = this.dataView();
    return view.getUint32(at, true) === 2 && view.getUint32(at + 4, true) === 0x7ff00000;
  }

  private dataView(): DataView {
    const buf = this.buf;
    return (this.view ??= new DataView(buf.buffer, buf.byteOffset, buf.length));
  }

  /** A length-delimited UTF-8 string; invalid UTF-8 is an error, as in protobufjs. */
  string(): string {
    const end = this.lengthEnd();
    const start = this.pos;
    this.pos = end;
    const buf = this.buf;
    let i = start;
    while (i < end && (buf[i] as number) < 0x80) i++;
    if (i === end) return buf.toString('latin1', start, end);
    try {
      return utf8.decode(buf.subarray(start, end));
    } catch {
      return this.fail('invalid UTF-8 in string');
    }
  }

  /** Skips the field whose tag was just read. */
  skip(tag: number): void {
    switch (tag & 7) {
      case 0:
        this.int64();
        return;
      case 1:
        this.advance(8);
        return;
      case 2:
        this.pos = this.lengthEnd();
        return;
      case 3:
        for (;;) {
          const inner = this.tag();
          if ((inner & 7) === 4) return;
          this.skip(inner);
        }
      case 5:
        this.advance(4);
        return;
      default:
        this.fail(`invalid wire type ${tag & 7}`);
    }
  }

  /** Checks that the rest is well-formed protobuf, without reading it. */
  skipAll(): void {
    while (this.more()) this.skip(this.tag());
  }

  private advance(n: number): void {
    if (this.pos + n > this.end) this.fail('truncated field');
    this.pos += n;
  }
}
