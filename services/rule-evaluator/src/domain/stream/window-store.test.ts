import { seriesKey, type Labels } from '@streamwatch/metrics-core';
import { WindowStore } from './window-store';

function put(store: WindowStore, name: string, labels: Labels, t: number, v: number) {
  return store.append(name, labels, t, v);
}

describe('WindowStore', () => {
  it('selects by equality, inequality and anchored regex matchers', () => {
    const store = new WindowStore(60_000);
    put(store, 'up', { job: 'api', instance: 'a' }, 1000, 1);
    put(store, 'up', { job: 'api', instance: 'b' }, 1000, 0);
    put(store, 'up', { job: 'db', instance: 'c' }, 1000, 1);
    put(store, 'down', { job: 'api', instance: 'a' }, 1000, 1);
    const sel = (m: Parameters<WindowStore['select']>[0]) =>
      store
        .select(m, 0, 2000)
        .map((s) => s.labels.instance)
        .sort();
    expect(
      sel([
        { name: '__name__', op: '=', value: 'up' },
        { name: 'job', op: '=', value: 'api' },
      ]),
    ).toEqual(['a', 'b']);
    expect(
      sel([
        { name: '__name__', op: '=', value: 'up' },
        { name: 'job', op: '!=', value: 'api' },
      ]),
    ).toEqual(['c']);
    expect(
      sel([
        { name: '__name__', op: '=~', value: 'up|down' },
        { name: 'instance', op: '=~', value: 'a' },
      ]),
    ).toEqual(['a', 'a']);
    expect(
      sel([
        { name: 'instance', op: '=~', value: 'a.*' },
        { name: 'job', op: '!~', value: 'db' },
      ]),
    ).toHaveLength(2);
    expect(
      sel([
        { name: '__name__', op: '=', value: 'up' },
        { name: 'zone', op: '=', value: '' },
      ]),
    ).toHaveLength(3);
    expect(sel([{ name: '__name__', op: '=', value: 'nope' }])).toEqual([]);
  });

  it('returns only points inside [minT, maxT] and labels with __name__', () => {
    const store = new WindowStore(60_000);
    for (let t = 0; t <= 10_000; t += 1000) put(store, 'm', { a: '1' }, t, t / 1000);
    const [s] = store.select([{ name: '__name__', op: '=', value: 'm' }], 3000, 5000);
    expect(s?.labels).toEqual({ __name__: 'm', a: '1' });
    expect(s?.points.map((p) => p.v)).toEqual([3, 4, 5]);
  });

  it('indexes series from the first selection on: those created before, after, and what a collection leaves', () => {
    const store = new WindowStore(5000);
    const names = () =>
      store
        .select([{ name: '__name__', op: '=', value: 'up' }], 0, Infinity)
        .map((s) => s.labels.i)
        .sort();
    put(store, 'up', { i: 'a' }, 0, 1);
    put(store, 'up', { i: 'b' }, 4000, 1);
    put(store, 'down', { i: 'x' }, 4000, 1);
    expect(names()).toEqual(['a', 'b']);
    put(store, 'up', { i: 'c' }, 6000, 1);
    expect(names()).toEqual(['a', 'b', 'c']);
    expect(store.collect()).toBe(1);
    expect(names()).toEqual(['b', 'c']);
    store.setIndexedLabels(['i']);
    put(store, 'up', { i: 'd' }, 7000, 1);
    expect(store.select([{ name: 'i', op: '=', value: 'd' }], 0, Infinity).map((s) => s.labels.i)).toEqual([
      'd',
    ]);
    expect(names()).toEqual(['b', 'c', 'd']);
  });

  it('bounds each window by the retention and forgets idle series', () => {
    const store = new WindowStore(5000);
    put(store, 'old', {}, 0, 1);
    for (let t = 0; t <= 20_000; t += 1000) put(store, 'm', {}, t, 1);
    expect(store.find('m', {})?.window.length).toBe(6);
    expect(put(store, 'm', {}, 10_000, 1).accepted).toBe(false);
    const dropped: string[] = [];
    expect(store.collect((k) => dropped.push(k))).toBe(1);
    expect(dropped).toEqual(['old{}']);
    expect(store.seriesCount).toBe(1);
    expect(store.select([{ name: '__name__', op: '=', value: 'old' }], 0, Infinity)).toEqual([]);
  });

  it('narrows by the indexed labels only, and keeps answers right when the index changes', () => {
    const store = new WindowStore(60_000);
    put(store, 'up', { job: 'api', instance: 'a' }, 1000, 1);
    put(store, 'up', { job: 'db', instance: 'b' }, 1000, 1);
    const sel = () =>
      store
        .select(
          [
            { name: '__name__', op: '=', value: 'up' },
            { name: 'job', op: '=', value: 'db' },
          ],
          0,
          2000,
        )
        .map((s) => s.labels.instance);
    expect(sel()).toEqual(['b']);
    store.setIndexedLabels(['job']);
    expect(sel()).toEqual(['b']);
    put(store, 'up', { job: 'db', instance: 'c' }, 1000, 1);
    expect(sel()).toEqual(['b', 'c']);
    expect(store.select([{ name: 'job', op: '=', value: 'nope' }], 0, 2000)).toEqual([]);
    put(store, 'up', { job: 'db', instance: 'c' }, 100_000, 1);
    store.collect();
    expect(
      store.select([{ name: 'job', op: '=', value: 'db' }], 0, 200_000).map((s) => s.labels.instance),
    ).toEqual(['c']);
  });
});

describe('WindowStore series identity', () => {
  it('finds a series by its labels in any order, keyed like seriesKey, and reuses string ids after series are dropped', () => {
    const store = new WindowStore(5000);
    const a = store.series('m', { z: '1', a: '2' });
    expect(store.series('m', { a: '2', z: '1' })).toBe(a);
    expect(a.key).toBe(seriesKey('m', { z: '1', a: '2' }));
    expect(a.labels).toEqual({ __name__: 'm', a: '2', z: '1' });
    expect(store.series('m', { a: '2' })).not.toBe(a);
    expect(store.series('n', { z: '1', a: '2' })).not.toBe(a);
    store.appendTo(a, 0, 1);
    store.appendTo(store.series('other', { x: 'only-here' }), 100_000, 1);
    const before = store.strings.size;
    store.collect();
    expect(store.strings.size).toBeLessThan(before);
    expect(store.find('m', { a: '2', z: '1' })).toBeUndefined();
    expect(store.find('other', { x: 'only-here' })).toBeDefined();
    const again = store.series('m', { a: '2', z: '1' });
    expect(again).not.toBe(a);
    expect(again.key).toBe(a.key);
    expect(store.series('other', { x: 'only-here' }).labels).toEqual({ __name__: 'other', x: 'only-here' });
  });

  it('keys series by the escaped seriesKey, so labels that read alike unescaped get two keys', () => {
    const store = new WindowStore(5000);
    const two = store.series('m', { a: 'x', b: 'y' });
    const one = store.series('m', { a: 'x",b="y' });
    const odd = store.series('m', { b: 'line\nbreak', a: 'back\\slash' });
    expect(one.key).toBe('m{a="x\\",b=\\"y"}');
    expect(two.key).toBe('m{a="x",b="y"}');
    expect(odd.key).toBe(seriesKey('m', { a: 'back\\slash', b: 'line\nbreak' }));
    const dropped: string[] = [];
    store.appendTo(store.series('n', {}), 10_000, 1);
    store.collect((key) => dropped.push(key));
    expect(dropped.sort()).toEqual([one.key, odd.key, two.key].sort());
  });

  it('keeps the remaining series findable with their labels after most were forgotten and their ids moved', () => {
    const store = new WindowStore(10_000);
    const kept = Array.from({ length: 300 }, (_, i) => {
      const labels = { instance: `host-${i}`, job: i % 2 ? 'api' : 'db' };
      const series = put(store, `m${i % 3}`, labels, 1000, i).series;
      return { name: `m${i % 3}`, labels, series, gone: i % 5 !== 0 };
    });
    for (const k of kept) if (!k.gone) put(store, k.name, k.labels, 20_000, 1);
    expect(store.collect()).toBe(240);
    for (const k of kept) {
      const found = store.find(k.name, k.labels);
      if (k.gone) {
        expect(found).toBeUndefined();
        expect([k.series.name, k.series.label('instance'), k.series.label('__name__')]).toEqual([
          k.name,
          k.labels.instance,
          undefined,
        ]);
      } else {
        expect(found).toBe(k.series);
        expect(found?.labels).toEqual({ __name__: k.name, ...k.labels });
        expect(found?.label('instance')).toBe(k.labels.instance);
      }
    }
    const fresh = put(store, 'm9', { instance: 'new' }, 20_000, 1).series;
    expect(store.find('m9', { instance: 'new' })).toBe(fresh);
    expect(fresh.labels).toEqual({ __name__: 'm9', instance: 'new' });
  });

  it('builds a series labels on first read, and a dropped series keeps its labels after its string ids are reused', () => {
    const store = new WindowStore(5000);
    const dropped = store.series('gone_total', { pod: 'p-1', zone: 'z' });
    store.appendTo(dropped, 0, 1);
    const kept = store.series('kept_total', { pod: 'p-2' });
    store.appendTo(kept, 100_000, 1);
    store.collect();
    // Fresh strings take the released ids.
    for (let i = 0; i < 10; i++) store.series(`new_${i}`, { pod: `q-${i}` });
    expect(dropped.labels).toEqual({ __name__: 'gone_total', pod: 'p-1', zone: 'z' });
    expect(kept.labels).toEqual({ __name__: 'kept_total', pod: 'p-2' });
    expect(kept.name).toBe('kept_total');
    expect(kept.label('pod')).toBe('p-2');
    expect(kept.label('zone')).toBeUndefined();
    expect(store.select([{ name: 'pod', op: '=', value: 'p-2' }], 0, 200_000).map((s) => s.labels)).toEqual([
      { __name__: 'kept_total', pod: 'p-2' },
    ]);
  });
});
