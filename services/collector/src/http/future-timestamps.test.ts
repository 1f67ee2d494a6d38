import request from 'supertest';
import { encodeWriteRequest } from '../adapters/remote-write.codec';
import { readConfig } from '../config';
import { harness, NOW } from '../testing/fakes';

const defaults = readConfig({ KAFKA_BROKERS: 'k:9092', INGEST_TOKEN: 'a-long-enough-ingest-token' });
const AHEAD = [0, 120_000, 30_000];

describe('samples ahead of the collector clock, with the default MAX_SAMPLE_FUTURE_MS', () => {
  it('is one minute', () => {
    expect(defaults.MAX_SAMPLE_FUTURE_MS).toBe(60_000);
    const configured = readConfig({
      KAFKA_BROKERS: 'k:9092',
      INGEST_TOKEN: 'a-long-enough-ingest-token',
      MAX_SAMPLE_FUTURE_MS: '600000',
    });
    expect(configured.MAX_SAMPLE_FUTURE_MS).toBe(600_000);
  });

  it('refuses a pushed sample 2 minutes ahead as timestamp_too_new and stores the rest of its request, 30 s ahead included', async () => {
    const h = harness({ limits: { maxFutureMs: defaults.MAX_SAMPLE_FUTURE_MS } });
    const res = await request(h.app)
      .post('/api/v1/samples')
      .send(
        AHEAD.map((ms, i) => ({
          name: 'orders_total',
          labels: { shop: `s${i}` },
          value: i,
          timestamp: NOW + ms,
        })),
      )
      .expect(400);
    expect(res.body).toMatchObject({ accepted: 2, rejected: 1 });
    expect(res.body.details).toEqual([
      expect.objectContaining({ index: 1, reason: 'timestamp_too_new', field: 'timestampMs' }),
    ]);
    expect(h.sink.samples.map((s) => [s.labels.shop, s.timestampMs])).toEqual([
      ['s0', NOW],
      ['s2', NOW + 30_000],
    ]);
    expect(
      await h.metric('streamwatch_collector_samples_rejected_total', {
        source: 'push',
        reason: 'timestamp_too_new',
      }),
    ).toBe(1);
  });

  it('refuses a remote-written point 2 minutes ahead and stores the other points of its series', async () => {
    const h = harness({ limits: { maxFutureMs: defaults.MAX_SAMPLE_FUTURE_MS } });
    const body = encodeWriteRequest([
      {
        name: 'up',
        labels: { job: 'node' },
        points: AHEAD.map((ms, i) => ({ timestampMs: NOW + ms, value: i })),
      },
    ]);
    const res = await request(h.app)
      .post('/api/v1/write')
      .set({ 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'snappy' })
      .send(body)
      .expect(400);
    expect(res.body).toMatchObject({ accepted: 2, rejected: 1 });
    expect(res.body.details.map((d: { reason: string }) => d.reason)).toEqual(['timestamp_too_new']);
    expect(h.sink.samples.map((s) => s.timestampMs)).toEqual([NOW, NOW + 30_000]);
  });
});
