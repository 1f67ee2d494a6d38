import { randomBytes } from 'node:crypto';
import { isStaleNaN, STALE_NAN } from '../sample/staleness';
import { batchToSamples, decodeSampleBatch, encodeSampleBatch, type SampleBatch } from './sample-batch.codec';
import { WireFormatError } from './wire-error';

const batch: SampleBatch = {
  source: 'remote_write',
  series: [
    {
      name: 'http_requests_total',
      labels: { job: 'api', instance: 'a:1', path: '/ü' },
      points: [
        { timestampMs: 1_700_000_000_000, value: 1 },
        { timestampMs: 1_700_000_015_000, value: 2.5 },
        { timestampMs: 1_699_999_999_000, value: -3 },
      ],
    },
    {
      name: 'up',
      labels: { job: 'api', instance: 'a:1' },
      points: [
        { timestampMs: 0, value: NaN },
        { timestampMs: 1, value: Infinity },
        { timestampMs: 2, value: -Infinity },
        { timestampMs: 3, value: STALE_NAN },
        { timestampMs: -5, value: Number.MAX_VALUE },
        { timestampMs: 8_640_000_000_000_000, value: Number.MIN_VALUE },
      ],
    },
  ],
};

describe('sample batch codec v1', () => {
  it('round-trips labels, timestamps and special values', () => {
    const decoded = decodeSampleBatch(encodeSampleBatch(batch));
    expect(decoded.source).toBe('remote_write');
    expect(decoded.series).toHaveLength(2);
    expect(decoded.series[0]).toEqual(batch.series[0]);
    const up = decoded.series[1]!;
    expect(up.points.map((p) => p.timestampMs)).toEqual(batch.series[1]!.points.map((p) => p.timestampMs));
    expect(Number.isNaN(up.points[0]!.value) && !isStaleNaN(up.points[0]!.value)).toBe(true);
    expect(up.points[1]!.value).toBe(Infinity);
    expect(up.points[2]!.value).toBe(-Infinity);
    expect(isStaleNaN(up.points[3]!.value)).toBe(true);
    expect(up.points[4]!.value).toBe(Number.MAX_VALUE);
    expect(up.points[5]!.value).toBe(Number.MIN_VALUE);
  });

  it('flags decoded staleness markers, and encodes a flagged point as the marker whatever its NaN bits', () => {
    const decoded = decodeSampleBatch(encodeSampleBatch(batch));
    expect(decoded.series[1]!.points.map((p) => p.stale === true)).toEqual([
      false,
      false,
      false,
      true,
      false,
      false,
    ]);
    const flagged = encodeSampleBatch({
      source: 'push',
      series: [{ name: 'm', labels: {}, points: [{ timestampMs: 0, value: NaN, stale: true }] }],
    });
    expect(flagged.subarray(flagged.length - 8).toString('hex')).toBe('020000000000f07f');
    const samples = batchToSamples(decoded);
    expect(samples.filter((s) => s.stale)).toHaveLength(1);
  });

  it('writes the staleness marker with its exact Prometheus bits', () => {
    const buf = encodeSampleBatch({
      source: 'push',
      series: [{ name: 'm', labels: {}, points: [{ timestampMs: 0, value: STALE_NAN }] }],
    });
    expect(buf.subarray(buf.length - 8).toString('hex')).toBe('020000000000f07f');
  });

  it('is compact: shared strings are stored once', () => {
    const many: SampleBatch = {
      source: 'scrape',
      series: Array.from({ length: 100 }, (_, i) => ({
        name: 'node_cpu_seconds_total',
        labels: { job: 'node', instance: 'host:9100', cpu: String(i % 4), mode: 'idle' },
        points: [{ timestampMs: 1_700_000_000_000, value: i }],
      })),
    };
    const size = encodeSampleBatch(many).length;
    // 1 name ref + 1 label count + 4 label refs (8) + 1 point count + ~6 timestamp + 8 value bytes per series
    expect(size).toBeLessThan(100 * 27);
    expect(size * 4).toBeLessThan(JSON.stringify(many).length);
    expect(batchToSamples(decodeSampleBatch(encodeSampleBatch(many)))).toHaveLength(100);
  });

  const corrupt: Array<[string, Buffer, string]> = [
    ['empty', Buffer.alloc(0), 'bad_magic'],
    ['bad magic', Buffer.from('XX\x01\x00\x00\x00'), 'bad_magic'],
    ['unknown version', Buffer.from([0x53, 0x57, 9, 0, 0, 0]), 'unknown_version'],
    ['unknown source', Buffer.from([0x53, 0x57, 1, 200, 0, 0]), 'corrupt'],
    ['truncated', encodeSampleBatch(batch).subarray(0, 40), 'corrupt'],
    ['trailing bytes', Buffer.concat([encodeSampleBatch(batch), Buffer.from([0])]), 'corrupt'],
    ['huge count', Buffer.from([0x53, 0x57, 1, 0, 0xff, 0xff, 0xff, 0x7f]), 'corrupt'],
    ['bad string ref', Buffer.from([0x53, 0x57, 1, 0, 0, 1, 5, 0, 0]), 'corrupt'],
  ];

  it.each(corrupt)('rejects %s with a typed error', (_name, buf, problem) => {
    expect(() => decodeSampleBatch(buf)).toThrow(WireFormatError);
    try {
      decodeSampleBatch(buf);
    } catch (err) {
      expect((err as WireFormatError).problem).toBe(problem);
    }
  });

  it('never throws anything but WireFormatError on random or mutated input', () => {
    const good = encodeSampleBatch(batch);
    for (let i = 0; i < 2000; i++) {
      const buf = i % 2 ? randomBytes(i % 64) : Buffer.from(good);
      if (i % 2 === 0) {
        const at = 4 + (i % (buf.length - 4));
        buf[at] = (buf[at] ?? 0) ^ (1 + (i % 255));
      }
      try {
        decodeSampleBatch(buf);
      } catch (err) {
        expect(err).toBeInstanceOf(WireFormatError);
      }
    }
  });
});
