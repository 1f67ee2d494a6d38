import { DEFAULT_SAMPLE_LIMITS, isStaleNaN, STALE_NAN } from '@streamwatch/metrics-core';
import { compress } from 'snappyjs';
import { SeriesCatalog } from '../domain/series-catalog';
import { RequestRejection } from '../ingest/http-rejection';
import { referenceDecode, referenceFlatten } from '../testing/reference-write-decoder';
import { encodeWriteRequest, readWriteRequest } from './remote-write.codec';
import { WriteRequestType } from './remote-write.proto';
import { screenWrite } from './remote-write.reader';
import { ReusedBuffer } from './reused-buffer';
import type { IndexedSample } from '../domain/json-push';
import type { SampleRejection } from '../domain/rejection';

const snappy = (raw: Uint8Array) => Buffer.from(compress(raw));
const encode = (timeseries: unknown[], extra: object = {}) =>
  Buffer.from(WriteRequestType.encode(WriteRequestType.fromObject({ timeseries, ...extra })).finish());

/** Every point `screenWrite` offers or refuses, unscreened. */
function offered(req: ReturnType<typeof readWriteRequest>) {
  const out = { samples: [] as IndexedSample[], rejections: [] as SampleRejection[], total: req.total };
  screenWrite(req, req.resolved, {
    offerPoint(index, series, timestampMs, value, stale) {
      const { name, labels } = series;
      out.samples.push({
        index,
        sample: stale ? { name, labels, value, timestampMs, stale } : { name, labels, value, timestampMs },
        series,
      });
    },
    refuse(index, problem, series) {
      out.rejections.push({ index, ...problem, series });
    },
  });
  return out;
}

function read(raw: Buffer, catalog = new SeriesCatalog(DEFAULT_SAMPLE_LIMITS)) {
  return offered(readWriteRequest(snappy(raw), 1 << 24, catalog));
}
const plain = (flat: ReturnType<typeof read>) => ({
  ...flat,
  samples: flat.samples.map(({ index, sample }) => ({ index, sample })),
});

describe('remote write codec', () => {
  it('round-trips labels, timestamps and special values, flagging staleness markers', () => {
    const body = encodeWriteRequest([
      {
        name: 'up',
        labels: { job: 'j', Z: 'upper' },
        points: [
          { timestampMs: 1_700_000_000_123, value: STALE_NAN },
          { timestampMs: 1_700_000_001_000, value: -Infinity },
        ],
      },
    ]);
    const flat = readWriteRequest(body, 1 << 20, new SeriesCatalog(DEFAULT_SAMPLE_LIMITS));
    const { samples } = offered(flat);
    expect(flat.total).toBe(2);
    const [a, b] = samples.map((s) => s.sample);
    expect(a).toMatchObject({
      name: 'up',
      labels: { job: 'j', Z: 'upper' },
      timestampMs: 1_700_000_000_123,
      stale: true,
    });
    expect(isStaleNaN(a!.value)).toBe(true);
    expect(b).toEqual({
      name: 'up',
      labels: { job: 'j', Z: 'upper' },
      value: -Infinity,
      timestampMs: 1_700_000_001_000,
    });
  });

  it('agrees with the protobufjs decoder on varied requests', () => {
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    const strings = [
      'a',
      'job',
      'instance',
      'x',
      'ü',
      '日本',
      '',
      'constructor',
      'toString',
      'le',
      'q'.repeat(300),
    ];
    const stamps = [
      0,
      1,
      -1,
      1_700_000_000_000,
      -1_700_000_000_000,
      2 ** 53 - 1,
      -(2 ** 40),
      127,
      128,
      2 ** 31,
      2 ** 32 + 5,
    ];
    const values = [0, 1.5, -2, NaN, Infinity, -Infinity, Number.MAX_VALUE, 5e-324];
    for (let round = 0; round < 200; round++) {
      const timeseries = Array.from({ length: rnd(8) }, () => ({
        labels: Array.from({ length: rnd(6) }, () => ({
          name: rnd(4) === 0 ? '__name__' : strings[rnd(strings.length)],
          value: strings[rnd(strings.length)],
        })),
        samples: Array.from({ length: rnd(4) }, () => ({
          value: values[rnd(values.length)],
          timestamp: stamps[rnd(stamps.length)],
        })),
        histograms: Array.from({ length: rnd(5) === 0 ? 1 : 0 }, () => ({ timestamp: 5 })),
        exemplars:
          rnd(5) === 0 ? [{ labels: [{ name: 'trace', value: 'abc' }], value: 1, timestamp: 2 }] : [],
      }));
      const raw = encode(
        timeseries,
        rnd(3) === 0 ? { metadata: [{ type: 1, metric_family_name: 'm', help: 'h', unit: 'u' }] } : {},
      );
      expect(plain(read(raw))).toEqual(referenceFlatten(referenceDecode(raw)));
    }
  });

  it('remembers series by their label bytes, also when labels and samples interleave', () => {
    const catalog = new SeriesCatalog(DEFAULT_SAMPLE_LIMITS);
    const raw = encode([
      {
        labels: [
          { name: '__name__', value: 'up' },
          { name: 'job', value: 'a' },
        ],
        samples: [{ value: 1, timestamp: 5 }],
      },
    ]);
    const first = read(raw, catalog).samples[0]!;
    const second = read(raw, catalog).samples[0]!;
    expect(second.sample.labels).toBe(first.sample.labels);
    expect(second.series).toBe(first.series);
    expect(first.series).toMatchObject({ key: 'up{job="a"}', problem: undefined });
    // label, sample, label: not contiguous, decoded without the cache
    const label = (n: string, v: string) => [
      0x0a,
      4 + n.length + v.length,
      0x0a,
      n.length,
      ...Buffer.from(n),
      0x12,
      v.length,
      ...Buffer.from(v),
    ];
    const sample = [0x12, 11, 0x09, ...Buffer.alloc(8), 0x10, 7];
    const ts = [...label('__name__', 'up'), ...sample, ...label('job', 'b')];
    const interleaved = Buffer.from([0x0a, ts.length, ...ts]);
    expect(plain(read(interleaved, catalog))).toEqual(referenceFlatten(referenceDecode(interleaved)));
    expect(catalog.size).toBe(1);
  });

  it('keeps nothing of the decoded bytes: a reused decode buffer may be overwritten by the next request', () => {
    const series = (v: string) => ({
      labels: [
        { name: '__name__', value: `m_${v}` },
        { name: 'job', value: v.repeat(5000) },
      ],
      samples: [{ value: 1, timestamp: 5 }],
    });
    // same length: the second body is decoded over the first, with "c" where "a" was and "a" before it
    const bodies = [encode([series('b'), series('a')]), encode([series('a'), series('c')])];
    const output = new ReusedBuffer(1 << 20);
    const catalog = new SeriesCatalog(DEFAULT_SAMPLE_LIMITS);
    const [first, second] = bodies.map((raw) =>
      offered(readWriteRequest(snappy(raw), 1 << 24, catalog, output)),
    );
    bodies.forEach((raw, i) =>
      expect(plain([first, second][i]!)).toEqual(referenceFlatten(referenceDecode(raw))),
    );
    expect(second!.samples[0]!.series).toBe(first!.samples[1]!.series);
    expect(catalog.size).toBe(3);
  });

  it('keeps labels named like Object.prototype members; "__proto__" stays a (reserved) label', () => {
    const raw = encode([
      {
        labels: [
          { name: '__name__', value: 'm' },
          { name: 'constructor', value: 'c' },
          { name: '__proto__', value: 'p' },
        ],
        samples: [{ value: 1, timestamp: 5 }],
      },
    ]);
    const [s] = read(raw).samples;
    expect(Object.keys(s!.sample.labels)).toEqual(['constructor', '__proto__']);
    expect(s!.series!.problem).toMatchObject({ reason: 'reserved_label_name', field: 'labels.__proto__' });
  });

  it.each([
    ['truncated length', [0x0a, 0xff, 0x01, 0x02]],
    ['bad wire type', [0x0f]],
    ['truncated double', [0x0a, 0x04, 0x12, 0x02, 0x09, 0x00]],
    ['invalid UTF-8 in a label', [0x0a, 0x06, 0x0a, 0x04, 0x0a, 0x02, 0xc3, 0x28]],
    ['overlong varint', [0x0a, 0x0d, 0x12, 0x0b, 0x10, ...Array(10).fill(0xff)]],
  ])('refuses malformed protobuf (%s) with 400 malformed_body, like protobufjs', (_what, bytes) => {
    const raw = Buffer.from(bytes);
    expect(() => referenceDecode(raw)).toThrow();
    let thrown: unknown;
    try {
      read(raw);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(RequestRejection);
    expect(thrown).toMatchObject({ status: 400, type: 'malformed_body' });
  });
});
