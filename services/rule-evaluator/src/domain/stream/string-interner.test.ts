import { StringInterner } from './string-interner';

describe('StringInterner', () => {
  it('gives each distinct string one id, through growth, and finds them again', () => {
    const strings = new StringInterner();
    const ids = new Map<string, number>();
    for (let i = 0; i < 5_000; i++) ids.set(`value-${i}`, strings.id(`value-${i}`));
    expect(new Set(ids.values()).size).toBe(5_000);
    expect(strings.size).toBe(5_000);
    for (const [s, id] of ids) {
      expect(strings.id(`${s}`)).toBe(id);
      expect(strings.lookup(s)).toBe(id);
      expect(strings.str(id)).toBe(s);
    }
    expect(strings.lookup('value-5000')).toBeUndefined();
  });

  it('keeps strings apart whose hashes collide in the table', () => {
    const strings = new StringInterner();
    // Enough strings that many share a slot modulo the table size; the empty string and '\u0000' differ too.
    const all = ['', '\u0000', 'a', 'b', 'ab', 'ba', ...Array.from({ length: 3_000 }, (_, i) => String(i))];
    const ids = all.map((s) => strings.id(s));
    expect(new Set(ids).size).toBe(all.length);
    all.forEach((s, i) => expect(strings.lookup(s)).toBe(ids[i]));
  });

  it('sweeps unreferenced strings, reuses their ids and bumps the generation', () => {
    const strings = new StringInterner();
    const kept = strings.id('kept');
    strings.retain(kept);
    const dropped = strings.id('dropped');
    for (let i = 0; i < 100; i++) strings.id(`transient-${i}`);
    const generation = strings.generation;

    expect(strings.sweep()).toBe(101);
    expect(strings.generation).toBe(generation + 1);
    expect(strings.size).toBe(1);
    expect(strings.lookup('kept')).toBe(kept);
    expect(strings.lookup('dropped')).toBeUndefined();
    expect(strings.lookup('transient-7')).toBeUndefined();

    const reused = strings.id('new');
    expect(reused).not.toBe(kept);
    expect(reused).toBeLessThanOrEqual(Math.max(dropped, 101));
    expect(strings.str(reused)).toBe('new');
    expect(strings.lookup('new')).toBe(reused);
    expect(strings.sweep()).toBe(1);
    expect(strings.sweep()).toBe(0);
    expect(strings.generation).toBe(generation + 2);
  });
});
