import { approxLabelBytes, DEFAULT_SAMPLE_LIMITS, shardKey } from '@streamwatch/metrics-core';
import { inspectSeries } from './known-series';

describe('series slots', () => {
  it('gives every object of one series the same slot, and other series their own', () => {
    const a = inspectSeries('up', { job: 'a', instance: '1' }, DEFAULT_SAMPLE_LIMITS);
    const reordered = inspectSeries('up', { instance: '1', job: 'a' }, DEFAULT_SAMPLE_LIMITS);
    const other = inspectSeries('up', { job: 'a', instance: '2' }, DEFAULT_SAMPLE_LIMITS);
    expect(reordered).not.toBe(a);
    expect(reordered.slot).toBe(a.slot);
    expect(other.slot).not.toBe(a.slot);
    const labels = { job: 'a', instance: '1' };
    expect(a.slot).toMatchObject({ labelBytes: approxLabelBytes('up', labels) });
    expect(a.slot?.shard.key).toBe(shardKey('up', labels));
    // every slot of one partition key shares its key object, which grouping stamps
    const sameKey = inspectSeries('down', { job: 'a', instance: '1' }, DEFAULT_SAMPLE_LIMITS);
    expect(sameKey.slot).not.toBe(a.slot);
    expect(sameKey.slot?.shard).toBe(a.slot?.shard);
    expect(other.slot?.shard).not.toBe(a.slot?.shard);
    // name, then each label's name and value by label name
    expect(a.slot?.strings.map((s) => s.value)).toEqual(['up', 'instance', '1', 'job', 'a']);
  });

  it('gives an invalid series none', () => {
    expect(inspectSeries('1bad', {}, DEFAULT_SAMPLE_LIMITS).slot).toBeUndefined();
  });
});
