/**
 * A 30-bit hash of `view[start, end)`, read four bytes at a time (a JS pass over single bytes is slower than
 * V8 slicing and hashing a string; over words it is faster). A secret `seed` keeps senders from choosing
 * series that all collide. 30 bits keep it a small integer, which V8's Maps hash without boxing.
 */
export function hashBytes(view: DataView, start: number, end: number, seed: number): number {
  let h = seed ^ (end - start);
  let i = start;
  for (; i + 4 <= end; i += 4) {
    h = Math.imul(h ^ view.getUint32(i, true), 0x9e3779b1);
    h ^= h >>> 15;
  }
  for (; i < end; i++) {
    h = Math.imul(h ^ view.getUint8(i), 0x9e3779b1);
    h ^= h >>> 15;
  }
  return h & 0x3fffffff;
}

/** True when `view[start, end)` holds exactly the bytes of `copy`. */
export function sameBytes(view: DataView, start: number, end: number, copy: DataView): boolean {
  const n = end - start;
  if (copy.byteLength !== n) return false;
  let i = 0;
  for (; i + 4 <= n; i += 4) if (view.getUint32(start + i, true) !== copy.getUint32(i, true)) return false;
  for (; i < n; i++) if (view.getUint8(start + i) !== copy.getUint8(i)) return false;
  return true;
}

/** A copy of `view[start, end)` that `sameBytes` compares against (small copies share Node's buffer pool). */
export function copyBytes(view: DataView, start: number, end: number): DataView {
  const copy = Buffer.allocUnsafe(end - start);
  copy.set(new Uint8Array(view.buffer, view.byteOffset + start, end - start));
  return new DataView(copy.buffer, copy.byteOffset, copy.length);
}
