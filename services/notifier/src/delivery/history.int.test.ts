import { createKafka, createRegistry, ensureTopics, silentLogger } from '@streamwatch/metrics-core';
import { nativeEnv, waitFor } from '@streamwatch/test-support';
import { PostgresHistoryStore } from '../adapters/history.repository';
import { createAlertSource } from '../adapters/kafka.alert-source';
import { createNotifierMetrics } from '../metrics';
import { privateSchema, startTestNotifier, type TestNotifier } from '../test/harness';
import { createHistoryIngest } from './history-ingest';

describe('alert history from the Kafka alerts topic', () => {
  const topic = `alerts-notifier-it-${Date.now()}`;
  const kafka = createKafka({
    brokers: (nativeEnv().KAFKA_BROKERS as string).split(','),
    clientId: 'notifier-it',
    logger: silentLogger(),
  });
  let db: Awaited<ReturnType<typeof privateSchema>>;
  let n: TestNotifier;
  const registry = createRegistry('notifier-hist', { defaultMetrics: false });
  const metrics = createNotifierMetrics(registry);

  beforeAll(async () => {
    db = await privateSchema();
    n = await startTestNotifier({
      pool: db.pool,
      apiToken: 'tok',
      receiversYaml: 'receivers:\n  - name: x\n    channels: [{ type: slack, url: "http://127.0.0.1:1" }]\n',
    });
    await ensureTopics(kafka, [{ topic, numPartitions: 1 }]);
  });
  afterAll(async () => {
    await n.stop();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    await db.drop();
  });

  it('stores transitions, skips and counts corrupt messages, and serves filtered history', async () => {
    const t0 = Date.now();
    const previous: Record<string, string> = { pending: 'inactive', firing: 'pending', resolved: 'firing' };
    const ev = (state: string, i: number, extra: object = {}) =>
      JSON.stringify({
        fingerprint: `fp-${i % 2}`,
        group: 'node',
        rule: i % 2 ? 'DiskFull' : 'HighCPU',
        from: previous[state],
        to: state,
        labels: {
          alertname: i % 2 ? 'DiskFull' : 'HighCPU',
          instance: `host-${i % 2}`,
          severity: 'critical',
        },
        annotations: { summary: 's' },
        activeAt: new Date(t0).toISOString(),
        value: 97.5,
        at: new Date(t0 + i * 1000).toISOString(),
        generatorURL: 'http://rule-evaluator:8081/api/v1/rules',
        futureField: { x: 1 },
        ...extra,
      });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        ev('pending', 0),
        ev('firing', 1),
        'not json{',
        JSON.stringify({ alertname: 'missing fields' }),
        ev('firing', 2),
        ev('resolved', 3, { resolvedAt: t0 + 3000 }),
      ].map((value) => ({ value })),
    });
    await producer.disconnect();

    const store = new PostgresHistoryStore(db.pool);
    const source = createAlertSource({
      kafka,
      topic,
      groupId: `notifier-it-${Date.now()}`,
      logger: silentLogger(),
      handle: createHistoryIngest({ store, metrics }),
      onCorrupt: (ctx) => metrics.corruptMessages.inc({ topic: ctx.topic }),
    });
    await source.start();
    try {
      await waitFor(
        async () => (await db.pool.query('SELECT count(*)::int AS c FROM alert_history')).rows[0].c === 4,
        30_000,
      );
    } finally {
      await source.stop();
    }
    expect(await registry.getSingleMetricAsString('streamwatch_kafka_messages_corrupt_total')).toContain(
      `topic="${topic}"`,
    );
    expect(
      (await registry.getSingleMetricAsString('streamwatch_kafka_messages_corrupt_total'))
        .trim()
        .endsWith(' 2'),
    ).toBe(true);

    const get = async (q: string) => {
      const res = await fetch(`${n.url}/api/v1/alerts/history?${q}`, {
        headers: { authorization: 'Bearer tok' },
      });
      return {
        status: res.status,
        body: (await res.json()) as { history: Array<{ alertname: string; state: string }>; reason?: string },
      };
    };
    expect((await get('alertname=HighCPU')).body.history.map((h) => h.state)).toEqual(['firing', 'pending']);
    expect((await get('label=instance%3Dhost-1')).body.history.map((h) => h.state)).toEqual([
      'resolved',
      'firing',
    ]);
    expect((await get(`from=${t0 + 1500}&to=${t0 + 2500}`)).body.history).toHaveLength(1);
    const bad = await get('label=novalue');
    expect(bad.status).toBe(400);
    expect(bad.body.reason).toContain('label');
    expect((await get('from=yesterday')).status).toBe(400);
  });
});
