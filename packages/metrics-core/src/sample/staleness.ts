const view = new DataView(new ArrayBuffer(8));
view.setUint32(0, 0x7ff00000);
view.setUint32(4, 0x00000002);

/**
 * Prometheus' staleness marker, bit pattern 0x7ff0000000000002. V8 may set the quiet bit when the
 * value is copied, so compare the payload, not the exact bits; encoders write the exact pattern.
 */
export const STALE_NAN: number = view.getFloat64(0);

export function isStaleNaN(value: number): boolean {
  if (!Number.isNaN(value)) return false;
  view.setFloat64(0, value);
  return (view.getUint32(0) & 0x7ff7ffff) === 0x7ff00000 && view.getUint32(4) === 0x00000002;
}

/** A point is a staleness marker when flagged as one or when its NaN still carries the marker's payload. */
export function isStalePoint(point: { value: number; stale?: boolean }): boolean {
  return point.stale === true || isStaleNaN(point.value);
}
