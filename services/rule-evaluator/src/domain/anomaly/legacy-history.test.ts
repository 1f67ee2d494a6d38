import { seriesKey, type Labels } from '@streamwatch/metrics-core';
import { isUnescapedKey, verbatimKey } from './legacy-history';

const needsEscaping = (labels: Labels) => Object.values(labels).some((v) => /[\\"\n]/.test(v));

describe('verbatimKey', () => {
  it('writes values between quotes as they are, names sorted', () => {
    expect(verbatimKey({ job: 'sh"op', a: 'C:\\new' })).toBe('{a="C:\\new",job="sh"op"}');
    expect(verbatimKey({})).toBe('{}');
  });
});

describe('isUnescapedKey', () => {
  it.each(['{}', '{job="api"}', '{a="x",b="y"}', '{path="/a,b=c{d}",q="it\'s"}'])(
    'is true for %s, the key of label sets needing no escaping',
    (key) => {
      expect(isUnescapedKey(key)).toBe(true);
    },
  );

  it.each([
    '{job="sh"op"}',
    '{a="C:\\new"}',
    '{a="two\nlines"}',
    '{a="x"y",b="z"}',
    '{a="x",}',
    '{a="x"',
    'm{a="x"}',
    '{9a="x"}',
    '',
  ])('is false for %j', (key) => {
    expect(isUnescapedKey(key)).toBe(false);
  });

  it('holds for a key today exactly when the label set had that key before (generated label sets)', () => {
    let seed = 5;
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) >>> 16) % n;
    const chars = ['x', 'y', '"', ',', '=', '\\', '\n', '{', '}', '",b="', '",c="'];
    let escaping = 0;
    for (let i = 0; i < 3000; i++) {
      const labels: Labels = {};
      for (const n of ['a', 'b', 'c'])
        if (rnd(3)) labels[n] = Array.from({ length: 1 + rnd(4) }, () => chars[rnd(chars.length)]).join('');
      const key = seriesKey('', labels);
      if (!needsEscaping(labels)) {
        expect([verbatimKey(labels), isUnescapedKey(key)]).toEqual([key, true]);
        continue;
      }
      escaping++;
      // kept apart from historyId (the key holds a `\`), which held it under its verbatim key
      expect([key.includes('\\'), isUnescapedKey(key), verbatimKey(labels) === key]).toEqual([
        true,
        false,
        false,
      ]);
    }
    expect(escaping).toBeGreaterThan(1000);
  });
});
