import { fieldsOf, hashFields, sameFields } from './field-identity';

describe('field identity', () => {
  const series: Array<[string, Record<string, string>]> = [
    ['m', { ab: 'c' }],
    ['m', { a: 'bc' }],
    ['m', { a: 'b', c: '' }],
    ['m', { a: 'b\u0000c' }],
    ['m1', { ':a': 'b' }],
    ['m', { b: '1', a: '2' }],
    ['m', { a: '2', b: '1' }],
    ['m', {}],
    ['', { m: '' }],
  ];

  it('tells apart series that differ in name, label names, values or their order', () => {
    series.forEach(([name, labels], i) =>
      series.forEach(([otherName, otherLabels], j) =>
        expect(sameFields(otherName, otherLabels, fieldsOf(name, labels))).toBe(i === j),
      ),
    );
    expect(new Set(series.map(([n, l]) => hashFields(n, l, 1))).size).toBe(series.length);
  });

  it('hashes equal series alike, and refuses non-string names and values', () => {
    expect(hashFields('m', { a: 'b' }, 1)).toBe(hashFields('m', JSON.parse('{"a":"b"}'), 1));
    expect(hashFields(7, {}, 1)).toBeUndefined();
    expect(hashFields('m', { a: null as unknown as string }, 1)).toBeUndefined();
  });
});
