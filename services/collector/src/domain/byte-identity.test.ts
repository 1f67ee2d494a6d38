import { copyBytes, hashBytes, sameBytes } from './byte-identity';

const view = (bytes: number[], pad = 0) => {
  const buf = new Uint8Array(pad + bytes.length + 3);
  buf.set(bytes, pad);
  return new DataView(buf.buffer);
};

describe('byte identity', () => {
  it('hashes and compares the same bytes alike at any offset, and tells every one-byte change apart', () => {
    for (let n = 0; n <= 11; n++) {
      const bytes = Array.from({ length: n }, (_, i) => (i * 37 + 5) & 0xff);
      const a = view(bytes, 1);
      const b = view(bytes, 6);
      expect(hashBytes(a, 1, 1 + n, 1)).toBe(hashBytes(b, 6, 6 + n, 1));
      const copy = copyBytes(a, 1, 1 + n);
      expect(sameBytes(b, 6, 6 + n, copy)).toBe(true);
      for (let i = 0; i < n; i++) {
        const changed = [...bytes];
        changed[i] = changed[i]! ^ 0x40;
        const c = view(changed, 2);
        expect(sameBytes(c, 2, 2 + n, copy)).toBe(false);
        expect(hashBytes(c, 2, 2 + n, 1)).not.toBe(hashBytes(a, 1, 1 + n, 1));
      }
      if (n > 0) expect(sameBytes(b, 6, 5 + n, copy)).toBe(false);
    }
  });
});
