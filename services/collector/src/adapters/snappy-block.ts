/** A body that is not a valid snappy block; `tooLarge` when only its declared length exceeds the limit. */
export class SnappyFormatError extends Error {
  constructor(
    message: string,
    readonly tooLarge = false,
  ) {
    super(message);
  }
}

// literals longer than this go through a native copy, shorter ones through a byte loop
const NATIVE_COPY_FROM = 16;

/**
 * Decodes the snappy block format (remote write's Content-Encoding). The declared length is checked against
 * `maxLength` before anything is allocated, and every element against the input and the declared length,
 * so a decompression bomb or a corrupt body fails instead of growing or reading out of bounds. `allocate`
 * supplies the output (e.g. a reused buffer).
 */
export function snappyUncompress(
  src: Uint8Array,
  maxLength: number,
  allocate: (length: number) => Buffer = Buffer.allocUnsafe,
): Buffer {
  const n = src.length;
  let pos = 0;
  let length = 0;
  for (let shift = 0; ; shift += 7) {
    if (pos >= n || shift > 28) throw new SnappyFormatError('invalid uncompressed length');
    const c = src[pos++] as number;
    length += (c & 0x7f) * 2 ** shift;
    if (c < 0x80) break;
  }
  if (length > 0xffffffff) throw new SnappyFormatError('invalid uncompressed length');
  if (length > maxLength)
    throw new SnappyFormatError(`uncompressed length ${length} exceeds ${maxLength}`, true);
  // every byte is written before it is returned: elements are sequential and the total is checked below
  const out = allocate(length);
  const view = new DataView(out.buffer, out.byteOffset, out.length);
  let o = 0;
  while (pos < n) {
    const tag = src[pos++] as number;
    const kind = tag & 3;
    let len: number;
    if (kind === 0) {
      len = (tag >>> 2) + 1;
      if (len > 60) {
        const extra = len - 60;
        if (pos + extra > n) throw new SnappyFormatError(`truncated literal length at byte ${pos}`);
        len = 0;
        for (let i = extra - 1; i >= 0; i--) len = len * 256 + (src[pos + i] as number);
        len += 1;
        pos += extra;
      }
      if (pos + len > n)
        throw new SnappyFormatError(`literal of ${len} bytes beyond the input at byte ${pos}`);
      if (o + len > length) throw new SnappyFormatError('output longer than the declared length');
      if (len > NATIVE_COPY_FROM) {
        out.set(src.subarray(pos, pos + len), o);
        o += len;
        pos += len;
      } else for (let i = 0; i < len; i++) out[o++] = src[pos++] as number;
      continue;
    }
    let offset: number;
    if (kind === 1) {
      if (pos >= n) throw new SnappyFormatError(`truncated copy at byte ${pos}`);
      len = ((tag >>> 2) & 7) + 4;
      offset = ((tag >>> 5) << 8) | (src[pos++] as number);
    } else if (kind === 2) {
      if (pos + 2 > n) throw new SnappyFormatError(`truncated copy at byte ${pos}`);
      len = (tag >>> 2) + 1;
      offset = (src[pos] as number) | ((src[pos + 1] as number) << 8);
      pos += 2;
    } else {
      if (pos + 4 > n) throw new SnappyFormatError(`truncated copy at byte ${pos}`);
      len = (tag >>> 2) + 1;
      offset =
        ((src[pos] as number) |
          ((src[pos + 1] as number) << 8) |
          ((src[pos + 2] as number) << 16) |
          ((src[pos + 3] as number) << 24)) >>>
        0;
      pos += 4;
    }
    if (offset === 0 || offset > o)
      throw new SnappyFormatError(`copy offset ${offset} out of range at byte ${pos}`);
    if (o + len > length) throw new SnappyFormatError('output longer than the declared length');
    let from = o - offset;
    // copies are at most 64 bytes, too short for a native call to pay off: four bytes at a time, which an
    // overlapping copy (a repeated pattern) allows too when each word read was written before (offset >= 4)
    const stop = o + len;
    if (offset >= 4)
      for (; o + 4 <= stop; o += 4, from += 4) view.setUint32(o, view.getUint32(from, true), true);
    while (o < stop) out[o++] = out[from++] as number;
  }
  if (o !== length) throw new SnappyFormatError(`output is ${o} bytes, ${length} declared`);
  return out;
}
