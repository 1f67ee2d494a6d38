import type { Labels } from '@streamwatch/metrics-core';
import { labelsKey, signature } from './labels';

// 'ÿ' and 'þ' are '\xff' and '\xfe', the characters the keys were once separated by
const NASTY = ['a', 'b', 'ÿ', 'þ', '"', ',', '=', '\\', '{', '}', '\n'];

let seed = 3;
const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) >>> 16) % n;

function labelSet(): Labels {
  const labels: Labels = {};
  for (const n of ['__name__', 'a', 'b', 'c'])
    if (rnd(2)) labels[n] = Array.from({ length: rnd(5) }, () => NASTY[rnd(NASTY.length)]).join('');
  return labels;
}

/** `labels` with two neighbouring labels folded into the first one's value, spelled with `sep`. */
function folded(labels: Labels, sep: (next: string, value: string) => string): Labels {
  const names = Object.keys(labels).sort();
  const at = rnd(names.length - 1);
  const [first, next] = [names[at] as string, names[at + 1] as string];
  const out = { ...labels, [first]: labels[first] + sep(next, labels[next] as string) };
  delete out[next];
  return out;
}

/** Generated label sets, each with twins that unescaped or separator-joined keys would confuse with it. */
function labelSets(count: number): Labels[] {
  const out: Labels[] = [];
  while (out.length < count) {
    const labels = labelSet();
    out.push(labels);
    if (Object.keys(labels).length < 2) continue;
    out.push(folded(labels, (next, v) => `þ${next}ÿ${v}`));
    out.push(folded(labels, (next, v) => `",${next}="${v}`));
  }
  return out;
}

/** A stand-in identity of a label set that is unambiguous by construction. */
const idOf = (labels: Labels) => JSON.stringify(Object.entries(labels).sort(([p], [q]) => (p < q ? -1 : 1)));

/** Fails unless `key` maps equal items to equal keys and different items to different keys. */
function expectKeyedLikeIds<T>(items: readonly T[], key: (x: T) => string, id: (x: T) => string): void {
  const idByKey = new Map<string, string>();
  const ids = new Set<string>();
  for (const x of items) {
    const k = key(x);
    expect(idByKey.get(k) ?? id(x)).toBe(id(x));
    idByKey.set(k, id(x));
    ids.add(id(x));
  }
  expect(idByKey.size).toBe(ids.size);
}

describe('labelsKey', () => {
  it('is the metrics-core series key of the whole set, __name__ included', () => {
    expect(labelsKey({ job: 'a', __name__: 'up' })).toBe('{__name__="up",job="a"}');
    expect(labelsKey({ a: 'x",b="y' })).toBe('{a="x\\",b=\\"y"}');
  });

  it.each<[Labels, Labels]>([
    [{ a: 'xþbÿy' }, { a: 'x', b: 'y' }],
    [
      { a: 'x', b: 'yþcÿz' },
      { a: 'x', b: 'y', c: 'z' },
    ],
    [{ a: 'x",b="y' }, { a: 'x', b: 'y' }],
  ])('tells %j from %j', (one, other) => {
    expect(labelsKey(one)).not.toBe(labelsKey(other));
  });

  it('is equal for two generated label sets exactly when they are equal', () => {
    expectKeyedLikeIds(labelSets(600), labelsKey, idOf);
  });
});

describe('signature', () => {
  it('tells groups apart that the separator characters inside values made alike', () => {
    expect(signature({ a: 'xþbÿy' }, [], false)).not.toBe(signature({ a: 'x', b: 'y' }, [], false));
    expect(signature({ a: 'xþbÿyþbÿ' }, ['a', 'b'], true)).not.toBe(
      signature({ a: 'x', b: 'yþbÿ' }, ['a', 'b'], true),
    );
  });

  it('counts an absent label as empty with on(), and ignores __name__ and the listed labels with ignoring()', () => {
    expect(signature({ a: 'x' }, ['b', 'a'], true)).toBe(signature({ a: 'x', b: '' }, ['a', 'b'], true));
    expect(signature({ __name__: 'm', a: 'x', le: '1' }, ['le'], false)).toBe(
      signature({ __name__: 'n', a: 'x', le: '2' }, ['le'], false),
    );
  });

  it('is equal for two generated label sets exactly when the compared labels are equal', () => {
    const sets = labelSets(600);
    expectKeyedLikeIds(
      sets,
      (l) => signature(l, ['b'], false),
      (l) => JSON.stringify([l.a, l.c]),
    );
    expectKeyedLikeIds(
      sets,
      (l) => signature(l, ['a', 'b'], true),
      (l) => JSON.stringify([l.a ?? '', l.b ?? '']),
    );
  });
});
