import { compress, uncompress } from 'snappyjs';
import { snappyUncompress, SnappyFormatError } from './snappy-block';

const reference = (body: Uint8Array) => Buffer.from(uncompress(body));

function errorOf(fn: () => unknown): SnappyFormatError | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof SnappyFormatError) return err;
    throw err;
  }
  return undefined;
}

describe('snappyUncompress', () => {
  let seed = 5;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;

  it('decodes what snappyjs compresses, as snappyjs decodes it', () => {
    const words = ['__name__', 'job', 'instance', 'host-1:9100', 'x', '\u0000', 'é'];
    for (let round = 0; round < 300; round++) {
      const size = [0, 1, 5, 60, 61, 300, 5000, 70_000, 200_000][rnd(9)]!;
      const kind = rnd(3);
      const raw = Buffer.alloc(size);
      // random (long literals), repetitive text (copies), short periods (overlapping copies)
      if (kind === 0) for (let i = 0; i < size; i++) raw[i] = rnd(256);
      else if (kind === 1) {
        let at = 0;
        while (at < size) at += raw.write(words[rnd(words.length)]!, at);
      } else {
        const period = 1 + rnd(7);
        for (let i = 0; i < size; i++) raw[i] = i % period === 0 ? rnd(3) : raw[i - 1]!;
      }
      const body = Buffer.from(compress(raw));
      const out = snappyUncompress(body, size);
      expect(out.equals(raw)).toBe(true);
      expect(out.equals(reference(body))).toBe(true);
    }
  });

  it('reads literal lengths of one to four extra bytes and four-byte copy offsets', () => {
    const literal = Buffer.alloc(70_000, 7);
    literal[69_999] = 1;
    // length 70,001 = varint; literal of 70,000 (tag 62<<2: three extra bytes); copy-4 of 1 byte at offset 70,000
    const body = Buffer.from([
      0xf1,
      0xa2,
      0x04,
      62 << 2,
      0x6f,
      0x11,
      0x01,
      ...literal,
      (0 << 2) | 3,
      0x70,
      0x11,
      0x01,
      0x00,
    ]);
    expect(snappyUncompress(body, 1 << 20).equals(Buffer.concat([literal, Buffer.from([7])]))).toBe(true);
    expect(snappyUncompress(body, 1 << 20).equals(reference(body))).toBe(true);
    const oneByte = Buffer.from([0x02, 60 << 2, 0x01, 0x41, 0x42]);
    expect(snappyUncompress(oneByte, 10).toString()).toBe('AB');
    const fourBytes = Buffer.from([0x02, 63 << 2, 0x01, 0x00, 0x00, 0x00, 0x41, 0x42]);
    expect(snappyUncompress(fourBytes, 10).toString()).toBe('AB');
  });

  it('refuses a declared length above the limit before decoding', () => {
    const body = Buffer.from(compress(Buffer.alloc(1000)));
    expect(errorOf(() => snappyUncompress(body, 999))).toMatchObject({ tooLarge: true });
    expect(snappyUncompress(body, 1000)).toHaveLength(1000);
  });

  it.each([
    ['an empty body', []],
    ['an unterminated length', [0x80, 0x80]],
    ['a length above 32 bits', [0xff, 0xff, 0xff, 0xff, 0x7f]],
    ['a truncated literal', [0x05, 4 << 2, 0x41, 0x42]],
    ['a truncated literal length', [0x05, 61 << 2, 0x01]],
    ['a copy before any output', [0x04, (0 << 2) | 1, 0x01]],
    ['a zero copy offset', [0x05, 0 << 2, 0x41, (0 << 2) | 1, 0x00]],
    ['a copy offset beyond the output', [0x06, 0 << 2, 0x41, (1 << 2) | 2, 0x02, 0x00]],
    ['a truncated copy', [0x06, 0 << 2, 0x41, (1 << 2) | 2, 0x01]],
    ['more output than declared', [0x01, 1 << 2, 0x41, 0x42]],
    ['less output than declared', [0x03, 1 << 2, 0x41, 0x42]],
    ['a copy past the declared length', [0x03, 0 << 2, 0x41, (0 << 2) | 1, 0x01]],
  ])('refuses %s', (_what, bytes) => {
    const err = errorOf(() => snappyUncompress(Buffer.from(bytes), 1 << 20));
    expect(err).toBeInstanceOf(SnappyFormatError);
    expect(err?.tooLarge).toBe(false);
  });
});
