import request from 'supertest';
import { compress } from 'snappyjs';
import { encodeWriteRequest } from '../adapters/remote-write.codec';
import { WriteRequestType } from '../adapters/remote-write.proto';
import { harness, NOW, type Harness } from '../testing/fakes';

function write(h: Harness, body: Buffer, headers: Record<string, string> = {}) {
  return request(h.app)
    .post('/api/v1/write')
    .set({
      'Content-Type': 'application/x-protobuf',
      'Content-Encoding': 'snappy',
      'X-Prometheus-Remote-Write-Version': '0.1.0',
      ...headers,
    })
    .send(body);
}

const series = (name: string, labels: Record<string, string>, n = 2) => ({
  name,
  labels,
  points: Array.from({ length: n }, (_, i) => ({ timestampMs: NOW - 10_000 + i * 1000, value: i })),
});

function rawWrite(timeseries: unknown[]): Buffer {
  return Buffer.from(compress(WriteRequestType.encode(WriteRequestType.fromObject({ timeseries })).finish()));
}

describe('POST /api/v1/write', () => {
  it('stores every sample of a valid WriteRequest and answers 204', async () => {
    const h = harness();
    const body = encodeWriteRequest([
      series('up', { job: 'node', instance: 'a:1' }),
      series('load1', { job: 'node', instance: 'a:1' }, 3),
    ]);
    await write(h, body).expect(204);
    expect(h.sink.samples).toHaveLength(5);
    expect(h.sink.samples[0]).toEqual({
      name: 'up',
      labels: { job: 'node', instance: 'a:1' },
      value: 0,
      timestampMs: NOW - 10_000,
    });
    expect(h.sink.published[0]!.source).toBe('remote_write');
    expect(await h.metric('streamwatch_collector_samples_received_total', { source: 'remote_write' })).toBe(
      5,
    );
  });

  it('stores the valid samples and answers 400 naming the first invalid ones (senders drop on 4xx)', async () => {
    const h = harness();
    const body = encodeWriteRequest(
      [series('up', { job: 'a' }), series('bad-name', { job: 'a' }, 1), series('old', { job: 'a' }, 1)].map(
        (s, i) => (i === 2 ? { ...s, points: [{ timestampMs: NOW - 7_200_000, value: 1 }] } : s),
      ),
    );
    const res = await write(h, body).expect(400);
    expect(res.body).toMatchObject({ accepted: 2, rejected: 2 });
    expect(res.body.details.map((d: { reason: string }) => d.reason)).toEqual([
      'invalid_metric_name',
      'timestamp_too_old',
    ]);
    expect(res.body.details[0].series).toContain('bad-name');
    expect(h.sink.samples).toHaveLength(2);
  });

  it('rejects a series without __name__, with duplicate labels, or with native histograms', async () => {
    const h = harness();
    const body = rawWrite([
      { labels: [{ name: 'job', value: 'x' }], samples: [{ value: 1, timestamp: NOW }] },
      {
        labels: [
          { name: '__name__', value: 'm' },
          { name: 'a', value: '1' },
          { name: 'a', value: '2' },
        ],
        samples: [{ value: 1, timestamp: NOW }],
      },
      { labels: [{ name: '__name__', value: 'h' }], histograms: [{ timestamp: NOW }] },
    ]);
    const res = await write(h, body).expect(400);
    expect(res.body.details.map((d: { reason: string }) => d.reason)).toEqual([
      'invalid_metric_name',
      'invalid_label_name',
      'invalid_sample',
    ]);
    expect(res.body.details[1].field).toBe('labels.a');
  });

  it('answers 400 for a body that is not snappy and for snappy that is not protobuf', async () => {
    const h = harness();
    const notSnappy = await write(h, Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff])).expect(400);
    expect(notSnappy.body.error).toBe('malformed_body');
    const notProto = await write(h, Buffer.from(compress(Buffer.from([0x0a, 0xff, 0x01, 0x02])))).expect(400);
    expect(notProto.body.reason).toContain('protobuf');
    expect(
      await h.metric('streamwatch_collector_requests_rejected_total', {
        source: 'remote_write',
        reason: 'malformed_body',
      }),
    ).toBe(2);
  });

  it('refuses a decompression bomb from its declared length, and an oversized body', async () => {
    const h = harness();
    const bomb = Buffer.from(compress(Buffer.alloc(1024 * 1024)));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const res = await write(h, bomb).expect(413);
    expect(res.body.error).toBe('decoded_too_large');
    await write(h, Buffer.alloc(65 * 1024)).expect(413);
    expect(
      await h.metric('streamwatch_collector_requests_rejected_total', { reason: 'body_too_large' }),
    ).toBe(1);
  });

  it('refuses other content encodings with 415', async () => {
    const h = harness();
    const res = await write(h, Buffer.from('x'), { 'Content-Encoding': 'gzip' }).expect(415);
    expect(res.body.error).toBe('unsupported_encoding');
  });

  it('refuses requests above the sample limit before per-sample work', async () => {
    const h = harness({ limits: { maxSamplesPerRequest: 5 } });
    await write(h, encodeWriteRequest([series('up', { job: 'a' }, 6)])).expect(400);
    expect(h.sink.samples).toHaveLength(0);
  });

  it('requires the bearer token when configured', async () => {
    const h = harness({ token: 'tok' });
    const body = encodeWriteRequest([series('up', { job: 'a' })]);
    const res = await write(h, body).expect(401);
    expect(res.headers['www-authenticate']).toContain('Bearer');
    await write(h, body, { Authorization: 'Bearer tok' }).expect(204);
  });

  it('answers 503 with Retry-After while Kafka is down, so senders retry', async () => {
    const h = harness();
    h.sink.mode = 'fail';
    const res = await write(h, encodeWriteRequest([series('up', { job: 'a' })])).expect(503);
    expect(res.headers['retry-after']).toBe('3');
  });
});
