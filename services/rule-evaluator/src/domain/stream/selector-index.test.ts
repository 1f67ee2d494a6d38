import { SelectorIndex } from './selector-index';

describe('SelectorIndex', () => {
  const index = new SelectorIndex<string>([
    {
      rule: 'upRule',
      selectors: [
        [
          { name: '__name__', op: '=', value: 'up' },
          { name: 'job', op: '=', value: 'api' },
        ],
      ],
    },
    {
      rule: 'errors',
      selectors: [
        [{ name: '__name__', op: '=', value: 'errors_total' }],
        [{ name: '__name__', op: '=', value: 'requests_total' }],
      ],
    },
    { rule: 'anyApi', selectors: [[{ name: 'job', op: '=~', value: 'api' }]] },
  ]);

  it('finds only the rules whose selectors match the series', () => {
    expect(index.rulesFor('a', { __name__: 'up', job: 'api' })).toEqual(['upRule', 'anyApi']);
    expect(index.rulesFor('b', { __name__: 'up', job: 'db' })).toEqual([]);
    expect(index.rulesFor('c', { __name__: 'requests_total', job: 'db' })).toEqual(['errors']);
    expect(index.rulesFor('d', { __name__: 'other', job: 'api' })).toEqual(['anyApi']);
  });

  it('caches per series key until forgotten', () => {
    const first = index.rulesFor('k', { __name__: 'up', job: 'api' });
    expect(index.rulesFor('k', { __name__: 'up', job: 'db' })).toBe(first);
    index.forget('k');
    expect(index.rulesFor('k', { __name__: 'up', job: 'db' })).toEqual([]);
  });

  it('answers by the name alone when only name-pinning selectors without other matchers exist', () => {
    const byName = new SelectorIndex<string>([
      { rule: 'a', selectors: [[{ name: '__name__', op: '=', value: 'errors_total' }]] },
      {
        rule: 'b',
        selectors: [
          [{ name: '__name__', op: '=', value: 'errors_total' }],
          [{ name: '__name__', op: '=', value: 'requests_total' }],
        ],
      },
      {
        rule: 'c',
        selectors: [
          [
            { name: '__name__', op: '=', value: 'up' },
            { name: 'job', op: '=', value: 'api' },
          ],
        ],
      },
    ]);
    const list = byName.rulesByNameAlone('errors_total');
    expect(list).toEqual(['a', 'b']);
    expect(byName.rulesByNameAlone('errors_total')).toBe(list);
    expect(byName.match({ __name__: 'errors_total', job: 'x' })).toBe(list);
    expect(byName.rulesByNameAlone('requests_total')).toEqual(['b']);
    expect(byName.rulesByNameAlone('unknown')).toEqual([]);
    // A selector with another matcher: the labels decide.
    expect(byName.rulesByNameAlone('up')).toBeUndefined();
    expect(byName.match({ __name__: 'up', job: 'db' })).toEqual([]);
    expect(byName.match({ __name__: 'up', job: 'api' })).toEqual(['c']);
    // A selector that leaves the name open: no name decides alone.
    expect(index.rulesByNameAlone('errors_total')).toBeUndefined();
  });

  it('routes series to rules by RE2 regexes, (?i) included', () => {
    const regexes = new SelectorIndex<string>([
      { rule: 'api', selectors: [[{ name: 'job', op: '=~', value: '(?i)api' }]] },
      { rule: 'notProd', selectors: [[{ name: 'env', op: '!~', value: '(?i:prod)-.*' }]] },
    ]);
    expect(regexes.match({ __name__: 'up', job: 'API', env: 'PROD-eu' })).toEqual(['api']);
    expect(regexes.match({ __name__: 'up', job: 'db', env: 'Dev-eu' })).toEqual(['notProd']);
  });
});
