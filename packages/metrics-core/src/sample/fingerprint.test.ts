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
