import { DEFAULT_SAMPLE_LIMITS } from '@streamwatch/metrics-core';
import { SeriesCatalog } from './series-catalog';

describe('SeriesCatalog', () => {
  it('decodes and checks a series once per identity', () => {
    const catalog = new SeriesCatalog(DEFAULT_SAMPLE_LIMITS);
    let decodes = 0;
    const decode = () => (decodes++, { name: 'up', labels: { job: 'a' } });
    const first = catalog.resolve('id-1', decode);
    expect(catalog.resolve('id-1', decode)).toBe(first);
    expect(decodes).toBe(1);
    expect(first.known).toMatchObject({ key: 'up{job="a"}', problem: undefined });
    catalog.resolve(undefined, decode);
    catalog.resolve(undefined, decode);
    expect(decodes).toBe(3);
  });

  it('remembers the verdict of invalid series and leaves duplicate-label series unchecked', () => {
    const catalog = new SeriesCatalog(DEFAULT_SAMPLE_LIMITS);
    expect(catalog.resolve('bad', () => ({ name: '9lives', labels: {} })).known).toMatchObject({
      key: '',
      problem: { reason: 'invalid_metric_name' },
    });
    expect(
      catalog.resolve('dup', () => ({ name: 'm', labels: { a: '1' }, duplicate: 'a' })).known,
    ).toBeUndefined();
  });

  it('stays bounded: two generations, the older dropped as a whole', () => {
    const catalog = new SeriesCatalog(DEFAULT_SAMPLE_LIMITS, 2);
    let decodes = 0;
    const decode = () => (decodes++, { name: 'up', labels: {} });
    for (const id of ['a', 'b', 'c', 'd', 'e']) catalog.resolve(id, decode);
    expect(catalog.size).toBeLessThanOrEqual(4);
    catalog.resolve('e', decode);
    catalog.resolve('d', decode);
    expect(decodes).toBe(5);
    catalog.resolve('a', decode);
    expect(decodes).toBe(6);
  });
});
