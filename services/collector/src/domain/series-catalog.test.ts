import { DEFAULT_SAMPLE_LIMITS } from '@streamwatch/metrics-core';
import { hashBytes } from './byte-identity';
import { SeriesCatalog } from './series-catalog';

describe('SeriesCatalog.resolveFields', () => {
  it('decodes and checks a pushed series once per name and labels in their order', () => {
    const catalog = new SeriesCatalog(DEFAULT_SAMPLE_LIMITS);
    const first = catalog.resolveFields('up', { job: 'a', instance: 'x' })!;
    expect(catalog.resolveFields('up', { job: 'a', instance: 'x' })).toBe(first);
    expect(first.known).toMatchObject({ key: 'up{instance="x",job="a"}', problem: undefined });
    const others = [
      catalog.resolveFields('up', { instance: 'x', job: 'a' }),
      catalog.resolveFields('up', { job: 'a' }),
      catalog.resolveFields('up', { job: 'a', instance: 'x', z: '' }),
      catalog.resolveFields('up', { job: 'ai', nstance: 'x' }),
      catalog.resolveFields('upj', { ob: 'a', instance: 'x' }),
    ];
    expect(new Set([first, ...others]).size).toBe(6);
    expect(catalog.size).toBe(6);
  });

  it('remembers the verdict of invalid series and leaves series with non-string fields to the caller', () => {
    const catalog = new SeriesCatalog(DEFAULT_SAMPLE_LIMITS);
    expect(catalog.resolveFields('9lives', {})!.known).toMatchObject({
      key: '',
      problem: { reason: 'invalid_metric_name' },
    });
    expect(catalog.resolveFields(7, {})).toBeUndefined();
    expect(catalog.resolveFields('up', { job: 3 as unknown as string })).toBeUndefined();
  });

  it('stays bounded: two generations, the older dropped as a whole', () => {
    const catalog = new SeriesCatalog(DEFAULT_SAMPLE_LIMITS, 2);
    const seen = ['a', 'b', 'c', 'd', 'e'].map((n) => catalog.resolveFields(n, {}));
    expect(catalog.size).toBeLessThanOrEqual(4);
    expect(catalog.resolveFields('e', {})).toBe(seen[4]);
    expect(catalog.resolveFields('d', {})).toBe(seen[3]);
    expect(catalog.resolveFields('a', {})).not.toBe(seen[0]);
  });
});

describe('SeriesCatalog.resolveBytes', () => {
  const bytesView = (...bytes: number[]) => new DataView(Uint8Array.from(bytes).buffer);
  const decoder = () => {
    const calls: number[] = [];
    return {
      calls,
      decode: (n: number) => (calls.push(n), { name: `m${n}`, labels: {} }),
    };
  };

  it('decodes and checks a series once per byte sequence, wherever the bytes sit', () => {
    const catalog = new SeriesCatalog(DEFAULT_SAMPLE_LIMITS);
    const { calls, decode } = decoder();
    const first = catalog.resolveBytes(bytesView(9, 1, 2, 3, 4, 5), 1, 6, decode, 1);
    expect(catalog.resolveBytes(bytesView(1, 2, 3, 4, 5, 7), 0, 5, decode, 2)).toBe(first);
    expect(catalog.resolveBytes(bytesView(1, 2, 3, 4, 6), 0, 5, decode, 3).name).toBe('m3');
    expect(catalog.resolveBytes(bytesView(1, 2, 3, 4), 0, 4, decode, 4).name).toBe('m4');
    expect(calls).toEqual([1, 3, 4]);
    expect(first.known).toMatchObject({ key: 'm1{}', problem: undefined });
  });

  it('keeps series whose bytes hash alike apart', () => {
    // two random words per input: a birthday collision of the 30-bit hash within a few 10,000 tries
    const seen = new Map<number, number>();
    let pair: [number, number] | undefined;
    const word = (i: number) =>
      new DataView(new Uint32Array([Math.imul(i, 0x2545f491), i ^ 0x5bd1e995]).buffer);
    for (let i = 0; pair === undefined && i < 5_000_000; i++) {
      const h = hashBytes(word(i), 0, 8, 7);
      const other = seen.get(h);
      if (other !== undefined) pair = [other, i];
      seen.set(h, i);
    }
    if (pair === undefined) throw new Error('no colliding pair found');
    const catalog = new SeriesCatalog(DEFAULT_SAMPLE_LIMITS, 50_000, 7);
    const { calls, decode } = decoder();
    const [a, b] = pair;
    expect(hashBytes(word(a), 0, 8, 7)).toBe(hashBytes(word(b), 0, 8, 7));
    // the pair is specific to the seed: a catalog with an unknown seed does not meet it
    expect(hashBytes(word(a), 0, 8, 8)).not.toBe(hashBytes(word(b), 0, 8, 8));
    for (let round = 0; round < 2; round++) {
      expect(catalog.resolveBytes(word(a), 0, 8, decode, a).name).toBe(`m${a}`);
      expect(catalog.resolveBytes(word(b), 0, 8, decode, b).name).toBe(`m${b}`);
    }
    expect(calls).toEqual([a, b]);
  });

  it('stays bounded: two generations, the older dropped as a whole', () => {
    const catalog = new SeriesCatalog(DEFAULT_SAMPLE_LIMITS, 2);
    const { calls, decode } = decoder();
    for (const n of [1, 2, 3, 4, 5]) catalog.resolveBytes(bytesView(n), 0, 1, decode, n);
    expect(catalog.size).toBeLessThanOrEqual(4);
    catalog.resolveBytes(bytesView(5), 0, 1, decode, 5);
    catalog.resolveBytes(bytesView(4), 0, 1, decode, 4);
    expect(calls).toEqual([1, 2, 3, 4, 5]);
    catalog.resolveBytes(bytesView(1), 0, 1, decode, 1);
    expect(calls).toEqual([1, 2, 3, 4, 5, 1]);
  });
});

describe('SeriesCatalog, guessing the next series from the last order', () => {
  /** The same two bounded generations, keyed by a string, without guessing: what the catalog must agree with. */
  const reference = (generationSize: number) => {
    const current = new Map<string, number>();
    let previous = new Map<string, number>();
    return (key: string, step: number): [number, boolean] => {
      const hit = current.get(key);
      if (hit !== undefined) return [hit, false];
      const old = previous.get(key);
      if (current.size >= generationSize) {
        previous = new Map(current);
        current.clear();
      }
      current.set(key, old ?? step);
      return [old ?? step, old === undefined];
    };
  };
  /** Mostly runs of a fixed order over 12 series, as senders repeat theirs, with jumps. */
  const walk = (seed: number, steps: number, visit: (k: number, step: number) => void) => {
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    let k = 0;
    for (let step = 0; step < steps; step++) {
      k = rnd(4) === 0 ? rnd(12) : (k + 1) % 12;
      visit(k, step);
    }
  };

  it.each([2, 3, 7])('changes nothing resolveBytes decodes or returns (generations of %i)', (size) => {
    const expected = reference(size);
    const catalog = new SeriesCatalog(DEFAULT_SAMPLE_LIMITS, size);
    const decoded: number[] = [];
    const ids = new Map<object, number>();
    walk(size, 3_000, (k, step) => {
      // near-identical bytes: the series differ in one or two bytes
      const bytes = [k % 3, 40 + k, 7, k >> 2];
      const before = decoded.length;
      const resolved = catalog.resolveBytes(
        new DataView(Uint8Array.from(bytes).buffer),
        0,
        bytes.length,
        (n: number) => (decoded.push(n), { name: `m${n}`, labels: {} }),
        step,
      );
      if (!ids.has(resolved)) ids.set(resolved, step);
      expect([ids.get(resolved), decoded.length > before]).toEqual(expected(bytes.join(), step));
    });
  });

  it.each([2, 3, 7])('changes nothing resolveFields checks or returns (generations of %i)', (size) => {
    const expected = reference(size);
    const catalog = new SeriesCatalog(DEFAULT_SAMPLE_LIMITS, size);
    const ids = new Map<object, number>();
    walk(size, 3_000, (k, step) => {
      const labels =
        k === 5 ? { a: 'x', b: 5 as unknown as string } : { a: String(k % 3), b: String(k >> 2) };
      const name = k === 7 ? (7 as unknown as string) : `m${k % 2}`;
      const resolved = catalog.resolveFields(name, labels);
      if (k === 5 || k === 7) return expect(resolved).toBeUndefined();
      const fresh = !ids.has(resolved!);
      if (fresh) ids.set(resolved!, step);
      expect([ids.get(resolved!), fresh]).toEqual(expected(`${name}${JSON.stringify(labels)}`, step));
    });
  });
});
