import { randomUUID } from 'node:crypto';
import { createRedis, silentLogger } from '@streamwatch/metrics-core';
import { nativeEnv } from '@streamwatch/test-support';
import { AnomalyExpr } from '../domain/anomaly/anomaly-expr';
import { parseAnomalySpec } from '../domain/anomaly/anomaly-spec';
import { HistorySync } from '../domain/anomaly/history-sync';
import type { CompiledExpr, SeriesStore } from '../domain/promql/api';
import { RedisHistoryStore } from './redis.history-store';

const env = nativeEnv();
const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = 1_700_000_400_000;
const prefix = `it:rule-evaluator:history:${randomUUID().slice(0, 8)}`;
const bucket = (t: number, v: number, count = 1) => ({ t, count, sum: v * count, min: v, max: v });

describe('RedisHistoryStore on real Redis', () => {
  const redis = createRedis(env.REDIS_URL!, silentLogger());
  beforeAll(() => redis.connect());
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('upserts buckets by start time, trims before keepFromT, sets a TTL and loads per series', async () => {
    const store = new RedisHistoryStore(redis, prefix, 5 * 7 * 24 * HOUR);
    await store.write('g1', [{ series: '{job="a"}', buckets: [bucket(T0, 1), bucket(T0 + 5 * MIN, 2)] }], 0);
    await store.write(
      'g1',
      [
        { series: '{job="a"}', buckets: [bucket(T0 + 5 * MIN, 3, 2)] },
        { series: '{job="b", x="y:z"}', buckets: [bucket(T0, 9)] },
      ],
      0,
    );
    const loaded = await store.load('g1', 0);
    expect(loaded.get('{job="a"}')).toEqual([bucket(T0, 1), bucket(T0 + 5 * MIN, 3, 2)]);
    expect(loaded.get('{job="b", x="y:z"}')).toEqual([bucket(T0, 9)]);
    expect([...(await store.load('g1', T0 + MIN)).keys()]).toEqual(['{job="a"}']);
    expect(await store.load('other', 0)).toEqual(new Map());

    await store.write('g1', [{ series: '{job="a"}', buckets: [bucket(T0 + 10 * MIN, 4)] }], T0 + 5 * MIN);
    expect((await store.load('g1', 0)).get('{job="a"}')?.map((b) => b.t)).toEqual([
      T0 + 5 * MIN,
      T0 + 10 * MIN,
    ]);
    const ttl = await redis.pttl(`${prefix}:g1:b:{job="a"}`);
    expect(ttl).toBeGreaterThan(5 * 7 * 24 * HOUR - MIN);
    expect(await redis.pttl(`${prefix}:g1:series`)).toBeGreaterThan(0);
  });

  it('a restarted evaluator gets the seasonal baseline back through HistorySync', async () => {
    const store = new RedisHistoryStore(redis, prefix, 24 * HOUR);
    const spec = parseAnomalySpec({
      detector: 'seasonal',
      period: '1h',
      seasons: 2,
      step: '5m',
      residual_window: '1h',
      min_samples: 5,
      interval: '5m',
    });
    const shape = (t: number) => 100 + 5 * (((t - T0) / (5 * MIN)) % 12) + Math.sin(t / 7e5);
    const instance = () => {
      let value = 0;
      const inner: CompiledExpr = {
        text: 'orders:rate5m',
        selectors: [],
        windowMs: 0,
        evaluate: () => ({ type: 'vector', samples: [{ labels: { job: 'shop' }, value }] }),
      };
      const expr = new AnomalyExpr(inner, spec);
      return { expr, at: (t: number, v: number) => ((value = v), expr.evaluate({} as SeriesStore, t)) };
    };
    const end = T0 + 3 * HOUR;
    const a = instance();
    for (let t = T0; t < end; t += 5 * MIN) a.at(t, shape(t));
    const errors: unknown[] = [];
    const sync = (now: number) =>
      new HistorySync({
        store,
        retentionMs: 24 * HOUR,
        now: () => now,
        onError: (_op, err) => errors.push(err),
      });
    expect(await sync(end).sync([a.expr])).toEqual({ restoredSeries: 0, writtenBuckets: 36 });

    const b = instance();
    expect((await sync(end).sync([b.expr])).restoredSeries).toBe(1);
    for (let t = end; t < end + 30 * MIN; t += 5 * MIN)
      expect(b.at(t, shape(t))).toMatchObject({ samples: [] });
    expect(b.at(end + 30 * MIN, shape(end + 60 * MIN))).toMatchObject({
      samples: [{ labels: { job: 'shop' } }],
    });
    expect(errors).toEqual([]);
  });
});
