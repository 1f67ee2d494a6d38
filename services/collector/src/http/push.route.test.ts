import request from 'supertest';
import { harness, NOW } from '../testing/fakes';

const good = { name: 'orders_total', labels: { shop: 'eu' }, value: 3, timestamp: NOW - 1000 };

function post(h: ReturnType<typeof harness>, body: unknown) {
  return request(h.app)
    .post('/api/v1/samples')
    .send(body as object);
}

describe('POST /api/v1/samples', () => {
  it('accepts a batch, parses special values and defaults the timestamp to receipt time', async () => {
    const h = harness();
    await post(h, [
      good,
      { name: 'temp', value: 'NaN' },
      { name: 'temp2', labels: {}, value: '+Inf', type: 'gauge', help: 'x' },
      { name: 'temp3', value: '-Inf' },
    ]).expect(204);
    const samples = h.sink.samples;
    expect(samples).toHaveLength(4);
    expect(samples[0]).toEqual({
      name: 'orders_total',
      labels: { shop: 'eu' },
      value: 3,
      timestampMs: NOW - 1000,
    });
    expect(Number.isNaN(samples[1]!.value)).toBe(true);
    expect(samples[1]!.timestampMs).toBe(NOW);
    expect(samples.slice(2).map((s) => s.value)).toEqual([Infinity, -Infinity]);
    expect(h.sink.published[0]!.source).toBe('push');
    expect(await h.metric('streamwatch_collector_samples_accepted_total', { source: 'push' })).toBe(4);
  });

  it('accepts {samples: [...]} and RFC 3339 timestamps', async () => {
    const h = harness();
    await post(h, { samples: [{ ...good, timestamp: new Date(NOW - 5000).toISOString() }] }).expect(204);
    expect(h.sink.samples[0]!.timestampMs).toBe(NOW - 5000);
  });

  const bad: Array<[string, Record<string, unknown>, string]> = [
    ['invalid_metric_name', { name: '9lives' }, 'name'],
    ['invalid_label_name', { labels: { 'bad-name': 'x' } }, 'labels.bad-name'],
    ['reserved_label_name', { labels: { __secret: 'x' } }, 'labels.__secret'],
    ['empty_label_value', { labels: { shop: '' } }, 'labels.shop'],
    [
      'too_many_labels',
      { labels: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`l${i}`, 'v'])) },
      'labels',
    ],
    ['label_name_too_long', { labels: { ['a'.repeat(129)]: 'v' } }, `labels.${'a'.repeat(129)}`],
    ['label_value_too_long', { labels: { shop: 'v'.repeat(1025) } }, 'labels.shop'],
    ['invalid_value', { value: 'lots' }, 'samples[1].value'],
    ['invalid_timestamp', { timestamp: 1.5 }, 'samples[1].timestamp'],
    ['timestamp_too_old', { timestamp: NOW - 3_600_001 }, 'timestampMs'],
    ['timestamp_too_new', { timestamp: NOW + 600_001 }, 'timestampMs'],
    ['invalid_sample', { type: 'histogram' }, 'samples[1].type'],
  ];
  it.each(bad)(
    'rejects %s with 400 naming the sample and field, storing the valid ones',
    async (reason, patch, field) => {
      const h = harness();
      const res = await post(h, [good, { ...good, ...patch }]).expect(400);
      expect(res.body).toMatchObject({ accepted: 1, rejected: 1 });
      expect(res.body.details[0]).toMatchObject({ index: 1, reason, field });
      expect(res.body.reason).toContain('sample 1');
      expect(h.sink.samples).toHaveLength(1);
      expect(await h.metric('streamwatch_collector_samples_rejected_total', { source: 'push', reason })).toBe(
        1,
      );
    },
  );

  it('rejects a non-object entry and a non-array body', async () => {
    const h = harness();
    const res = await post(h, [42]).expect(400);
    expect(res.body.details[0]).toMatchObject({ reason: 'invalid_sample', field: 'samples[0]' });
    const res2 = await post(h, { nope: 1 }).expect(400);
    expect(res2.body.error).toBe('malformed_body');
  });

  it('refuses new series beyond the per-metric limit, counting them', async () => {
    const h = harness({ maxSeries: 2 });
    const series = [1, 2, 3].map((i) => ({ ...good, labels: { shop: `s${i}` } }));
    const res = await post(h, series).expect(400);
    expect(res.body.details[0]).toMatchObject({
      index: 2,
      reason: 'series_limit',
      series: 'orders_total{shop="s3"}',
    });
    await post(h, [series[0]]).expect(204);
    expect(await h.metric('streamwatch_collector_series_limited_total', { source: 'push' })).toBe(1);
  });

  it('refuses too many samples per request as a whole', async () => {
    const h = harness({ limits: { maxSamplesPerRequest: 3 } });
    const res = await post(h, [good, good, good, good]).expect(400);
    expect(res.body.error).toBe('too_many_samples');
    expect(h.sink.samples).toHaveLength(0);
    expect(
      await h.metric('streamwatch_collector_samples_rejected_total', { reason: 'too_many_samples' }),
    ).toBe(4);
  });

  it('answers 413 for an oversized body and 400 for malformed JSON', async () => {
    const h = harness();
    const big = Array.from({ length: 2000 }, () => good);
    await post(h, big).expect(413);
    const res = await request(h.app)
      .post('/api/v1/samples')
      .set('Content-Type', 'application/json')
      .send('[{"name":')
      .expect(400);
    expect(res.body.error).toBe('entity.parse.failed');
    expect(
      await h.metric('streamwatch_collector_requests_rejected_total', { reason: 'body_too_large' }),
    ).toBe(1);
    expect(
      await h.metric('streamwatch_collector_requests_rejected_total', { reason: 'malformed_body' }),
    ).toBe(1);
  });

  it('requires the bearer token when configured', async () => {
    const h = harness({ token: 's3cret' });
    await post(h, [good]).expect(401);
    await request(h.app)
      .post('/api/v1/samples')
      .set('Authorization', 'Bearer wrong')
      .send([good])
      .expect(401);
    await request(h.app)
      .post('/api/v1/samples')
      .set('Authorization', 'Bearer s3cret')
      .send([good])
      .expect(204);
    expect(await h.metric('streamwatch_collector_requests_rejected_total', { reason: 'unauthorized' })).toBe(
      2,
    );
    expect(h.sink.samples).toHaveLength(1);
  });

  it('answers 503 with Retry-After when Kafka fails or does not acknowledge in time', async () => {
    const h = harness();
    h.sink.mode = 'fail';
    const failed = await post(h, [good]).expect(503);
    expect(failed.headers['retry-after']).toBe('3');
    h.sink.mode = 'hang';
    await post(h, [good]).expect(503);
    expect(await h.metric('streamwatch_collector_samples_unavailable_total', { reason: 'kafka' })).toBe(2);
    expect(await h.metric('streamwatch_collector_samples_accepted_total', { source: 'push' })).toBe(0);
  });

  it('answers 503 when the in-flight buffer is full, and recovers once it drains', async () => {
    const h = harness({ bufferCapacity: 2 });
    h.sink.mode = 'hang';
    await post(h, [good, good]).expect(503);
    h.sink.mode = 'ok';
    const res = await post(h, [good]).expect(503);
    expect(res.body.reason).toContain('buffer full');
    expect(await h.metric('streamwatch_collector_buffer_samples')).toBe(2);
    expect(await h.metric('streamwatch_collector_samples_unavailable_total', { reason: 'buffer_full' })).toBe(
      1,
    );
    await h.sink.releaseHeld();
    expect(await h.metric('streamwatch_collector_buffer_samples')).toBe(0);
    await post(h, [good]).expect(204);
  });
});
