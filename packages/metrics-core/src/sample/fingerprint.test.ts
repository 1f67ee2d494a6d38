import type { Labels } from './sample';
import { seriesFingerprint, seriesKey, shardKey, sortedLabelPairs } from './fingerprint';

describe('series identity', () => {
  it('fingerprint ignores label insertion order', () => {
    expect(seriesFingerprint('up', { job: 'a', instance: 'b' })).toBe(
      seriesFingerprint('up', { instance: 'b', job: 'a' }),
    );
    expect(seriesKey('up', { job: 'a', instance: 'b' })).toBe('up{instance="b",job="a"}');
  });

  it('fingerprint is stable across releases (golden value)', () => {
    expect(seriesFingerprint('up', { job: 'node', instance: 'localhost:9100' })).toMatch(/^[0-9a-f]{16}$/);
    expect(seriesFingerprint('up', { job: 'node', instance: 'localhost:9100' })).toBe('e9f9d3d8e1353b33');
  });

  it('fingerprint changes with any name or label change', () => {
    const base = seriesFingerprint('up', { job: 'a' });
    expect(seriesFingerprint('up2', { job: 'a' })).not.toBe(base);
    expect(seriesFingerprint('up', { job: 'b' })).not.toBe(base);
    expect(seriesFingerprint('up', { job: 'a', x: 'y' })).not.toBe(base);
    // separators prevent ambiguity between "ab"+"c" and "a"+"bc"
    expect(seriesFingerprint('m', { ab: 'c' })).not.toBe(seriesFingerprint('m', { a: 'bc' }));
  });

  it('sorts labels with __name__ included', () => {
    expect(sortedLabelPairs('m', { z: '1', a: '2' })).toEqual([
      ['__name__', 'm'],
      ['a', '2'],
      ['z', '1'],
    ]);
  });

  it('shard key is job+instance, falling back to the fingerprint', () => {
    expect(shardKey('a', { job: 'j', instance: 'i', x: '1' })).toBe(
      shardKey('b', { job: 'j', instance: 'i' }),
    );
    expect(shardKey('a', { job: 'j' })).toBe(seriesFingerprint('a', { job: 'j' }));
  });
});

/** The key writer before values were escaped, to check that ordinary label sets keep their keys. */
function unescapedKey(name: string, labels: Labels): string {
  const names = Object.keys(labels).sort();
  return `${name}{${names.map((k) => `${k}="${labels[k]}"`).join(',')}}`;
}

/** Reads a key back, unescaping as the text exposition format does; throws on anything else. */
function parseKey(key: string): { name: string; labels: Labels } {
  const open = key.indexOf('{');
  const labels: Labels = {};
  let i = open + 1;
  while (key[i] !== '}') {
    const eq = key.indexOf('="', i);
    if (open < 0 || eq < 0) throw new Error(`no label at ${i} in ${key}`);
    const label = key.slice(i, eq);
    let value = '';
    for (i = eq + 2; key[i] !== '"'; i++) {
      if (i >= key.length) throw new Error(`unterminated value in ${key}`);
      if (key[i] !== '\\') value += key[i];
      else value += { '\\': '\\', '"': '"', n: '\n' }[key[++i] as string];
    }
    labels[label] = value;
    i++;
    if (key[i] === ',') i++;
    else if (key[i] !== '}') throw new Error(`no separator at ${i} in ${key}`);
  }
  if (i !== key.length - 1) throw new Error(`trailing text in ${key}`);
  return { name: key.slice(0, open), labels };
}

describe('seriesKey', () => {
  it('escapes backslash, double quote and newline in values as Prometheus does', () => {
    expect(seriesKey('m', { a: 'x",b="y' })).toBe('m{a="x\\",b=\\"y"}');
    expect(seriesKey('m', { a: 'C:\\dir', b: 'two\nlines' })).toBe('m{a="C:\\\\dir",b="two\\nlines"}');
    expect(seriesKey('m', { a: '\\"' })).toBe('m{a="\\\\\\""}');
  });

  it.each<[Labels, Labels]>([
    [{ a: 'x', b: 'y' }, { a: 'x",b="y' }],
    [{ a: 'x', b: 'y}' }, { a: 'x",b="y}' }],
    [{ a: 'x\\', b: 'y' }, { a: 'x\\",b="y' }],
    [{ a: '"' }, { a: '\\"' }],
    [{ a: 'x\n' }, { a: 'x\\n' }],
  ])('gives %j and %j different keys', (one, other) => {
    expect(seriesKey('m', one)).not.toBe(seriesKey('m', other));
  });

  // persisted keys (seasonal history in Redis) stay valid across the change for these label sets
  it('writes values without backslash, quote or newline verbatim, as the unescaped writer did', () => {
    const labels = { path: '/a,b=c{d}', job: 'api', instance: 'h:9100', q: "it's ÿþ" };
    expect(seriesKey('up', labels)).toBe('up{instance="h:9100",job="api",path="/a,b=c{d}",q="it\'s ÿþ"}');
    expect(seriesKey('up', labels)).toBe(unescapedKey('up', labels));
  });

  describe('over generated label sets', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) >>> 16) % n;
    const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)] as T;
    const CHARS = ['a', 'b', '"', ',', '=', '\\', '{', '}', '\n', ' ', 'ÿ', 'þ', 'n'];
    const value = () => Array.from({ length: rnd(6) }, () => pick(CHARS)).join('');
    const labelSet = (): Labels => {
      const labels: Labels = {};
      for (const n of ['a', 'b', 'c', 'a_b']) if (rnd(2)) labels[n] = value();
      return labels;
    };
    /** `labels` with two neighbouring labels folded into the first one's value, as `x",b="y`. */
    const folded = (labels: Labels): Labels => {
      const names = Object.keys(labels).sort();
      const at = rnd(names.length - 1);
      const [first, second] = [names[at] as string, names[at + 1] as string];
      const out = { ...labels, [first]: `${labels[first]}",${second}="${labels[second]}` };
      delete out[second];
      return out;
    };
    const sets: Array<{ name: string; labels: Labels }> = [];
    while (sets.length < 600) {
      const s = { name: pick(['m', '', 'm{', 'm{a="x"}']), labels: labelSet() };
      sets.push(s);
      if (Object.keys(s.labels).length > 1) sets.push({ name: s.name, labels: folded(s.labels) });
    }

    it('reads back as the same name and labels', () => {
      for (const s of sets) {
        if (s.name.includes('{')) continue;
        expect(parseKey(seriesKey(s.name, s.labels))).toEqual(s);
      }
    });

    it('are equal exactly when the label sets are equal', () => {
      const canonical = (s: (typeof sets)[number]) =>
        JSON.stringify([s.name, Object.entries(s.labels).sort(([x], [y]) => (x < y ? -1 : 1))]);
      const byKey = new Map<string, string>();
      const distinct = new Set<string>();
      for (const s of sets) {
        const key = seriesKey(s.name, s.labels);
        const id = canonical(s);
        distinct.add(id);
        expect(byKey.get(key) ?? id).toBe(id);
        byKey.set(key, id);
      }
      expect(byKey.size).toBe(distinct.size);
      expect(distinct.size).toBeGreaterThan(500);
    });

    it('equal the unescaped writer for values without backslash, quote or newline', () => {
      const plain = sets.filter((s) => !Object.values(s.labels).some((v) => /[\\"\n]/.test(v)));
      expect(plain.length).toBeGreaterThan(50);
      for (const s of plain) expect(seriesKey(s.name, s.labels)).toBe(unescapedKey(s.name, s.labels));
    });
  });
});
