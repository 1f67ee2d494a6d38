import { isStaleNaN, STALE_NAN } from '@streamwatch/metrics-core';
import { decodeWriteRequest, encodeWriteRequest, flattenWriteRequest } from './remote-write.codec';

describe('remote write codec', () => {
  it('round-trips labels (sorted, __name__ included), timestamps and special values', () => {
    const body = encodeWriteRequest([
      { name: 'up', labels: { job: 'j', Z: 'upper' }, points: [{ timestampMs: 1_700_000_000_123, value: STALE_NAN }, { timestampMs: 1_700_000_001_000, value: -Infinity }] },
    ]);
    const req = decodeWriteRequest(body, 1 << 20);
    expect(req.timeseries![0]!.labels!.map((l) => l.name)).toEqual(['Z', '__name__', 'job']);
    const flat = flattenWriteRequest(req);
    expect(flat.total).toBe(2);
    const [a, b] = flat.samples.map((s) => s.sample);
    expect(a).toMatchObject({ name: 'up', labels: { job: 'j', Z: 'upper' }, timestampMs: 1_700_000_000_123 });
    expect(isStaleNaN(a!.value)).toBe(true);
    expect(b!.value).toBe(-Infinity);
  });
});
