import { randomUUID } from 'node:crypto';
import { createRedis, createRegistry, SampleProducer } from '@streamwatch/metrics-core';
import { nativeEnv, waitFor } from '@streamwatch/test-support';
import { AlertmanagerClient } from '../adapters/alertmanager.client';
import { KafkaAlertPublisher } from '../adapters/kafka.alert-publisher';
import { RedisAlertStateStore } from '../adapters/redis.state-store';
import { ThreadedSampleSource } from '../adapters/kafka.threaded-sample-source';
import { createEvaluatorMetrics } from '../metrics';
import type { AlertTransitionEvent } from '../ports';
import { EvaluationRuntime } from './evaluation-runtime';
import { MemoryRecordings } from './fakes';
import { itKafka } from './it-kafka';
import { createRuleCompiler } from './rule-compiler';
import { SerialRunner } from './serial-runner';

const env = nativeEnv();
const { kafka, logger, newTopic, deleteTopics } = itKafka(env.KAFKA_BROKERS!.split(','));
const redis = createRedis(env.REDIS_URL!, logger);

beforeAll(() => redis.connect());
afterAll(async () => {
  await deleteTopics();
  await redis.quit();
});

/**
 * Real Kafka (reader thread), real Redis state, real Alertmanager: one source stamped 60 s ahead must not
 * blind the others, and a source replaying five minutes of its own samples must get its alert in its own time.
 */
it('evaluates each source in its own time: an ahead clock blinds nobody, a late replay gets its alert', async () => {
  const run = randomUUID().slice(0, 8);
  const samplesTopic = await newTopic(`it.source-time.samples.${run}`, 3);
  const alertsTopic = await newTopic(`it.source-time.alerts.${run}`);
  const stateKey = `it:source-time:${run}`;
  const rulesYaml = `groups:
  - name: it
    rules:
      - alert: Now_${run}
        expr: it_depth{run="${run}"} > 100
      - alert: ForAMinute_${run}
        expr: it_backlog{run="${run}"} > 100
        for: 1m
`;
  const publisher = new KafkaAlertPublisher(kafka, alertsTopic);
  await publisher.connect();
  const state = new RedisAlertStateStore(redis, stateKey);
  const serial = new SerialRunner();
  // the runtime asks the source, which is built after it
  const reader: { source?: ThreadedSampleSource } = {};
  const runtime = new EvaluationRuntime({
    clock: { now: () => Date.now() },
    logger,
    metrics: createEvaluatorMetrics(createRegistry('it', { defaultMetrics: false })),
    sink: new AlertmanagerClient({ urls: [env.ALERTMANAGER_URL!], logger }),
    transitions: publisher,
    recordings: new MemoryRecordings(),
    state,
    allowedLatenessMs: 5000,
    resendDelayMs: 60_000,
    generatorURL: () => 'http://rule-evaluator.test/api/v1/rules',
    replaying: () => reader.source?.isReplaying() ?? true,
  });
  runtime.replaceRules(
    createRuleCompiler({ defaultIntervalMs: 60_000, externalURL: '' }).compile(rulesYaml, 'file', 'it.yml'),
  );
  const source = new ThreadedSampleSource({
    topic: samplesTopic,
    groupId: `it-${run}`,
    logger,
    rebuildWindowMs: () => runtime.store.retentionMs,
    brokers: env.KAFKA_BROKERS!.split(','),
    clientId: `it-${run}`,
    logLevel: 'warn',
    handleMessage: (message, replay, key) => serial.run(() => runtime.handleMessage(message, replay, key)),
    onFetchEnd: () => void serial.run(() => runtime.endOfFetch()),
  });
  reader.source = source;
  const events: AlertTransitionEvent[] = [];
  const alertsConsumer = kafka.consumer({ groupId: `it-alerts-${run}` });
  const producer = new SampleProducer(kafka, { topic: samplesTopic });
  const tick = setInterval(() => void serial.run(() => runtime.tick()), 1000);
  try {
    await source.start();
    await alertsConsumer.connect();
    await alertsConsumer.subscribe({ topic: alertsTopic, fromBeginning: true });
    await alertsConsumer.run({
      eachMessage: async ({ message }) => void events.push(JSON.parse(message.value?.toString() ?? '{}')),
    });
    await producer.connect();
    await waitFor(async () => !source.isReplaying(), 30_000);
    const now = Date.now();
    const sample = (name: string, instance: string, timestampMs: number, value: number) => ({
      name,
      labels: { job: 'it', instance, run },
      value,
      timestampMs,
    });
    // a sender whose clock runs a minute ahead, first
    await producer.publish([sample('it_depth', 'ahead', now + 60_000, 1)], 'push');
    await new Promise((r) => setTimeout(r, 500));
    // then a sender on time crossing the threshold: its alert must fire now
    await producer.publish([sample('it_depth', 'ontime', now, 500)], 'push');
    // and a sender replaying five minutes of its backlog, in order, in one go
    const backlog = Array.from({ length: 21 }, (_, i) =>
      sample('it_backlog', 'replaying', now - 300_000 + i * 15_000, 500),
    );
    await producer.publish(backlog, 'push');

    await waitFor(async () => events.some((e) => e.rule === `Now_${run}` && e.to === 'firing'), 20_000);
    const now_ = events.find((e) => e.rule === `Now_${run}`);
    expect(now_).toMatchObject({ labels: { instance: 'ontime' }, from: 'inactive', to: 'firing' });
    expect(now_?.at).toBe(new Date(now).toISOString());

    await waitFor(
      async () => events.some((e) => e.rule === `ForAMinute_${run}` && e.to === 'firing'),
      20_000,
    );
    const backlogEvents = events.filter((e) => e.rule === `ForAMinute_${run}`);
    expect(backlogEvents.map((e) => [e.to, e.at])).toEqual([
      ['pending', new Date(now - 300_000).toISOString()],
      ['firing', new Date(now - 240_000).toISOString()],
    ]);
    // the firing alert's state reached Redis with its event times
    await waitFor(async () => (await state.loadAll()).size > 0, 10_000);
    const saved = [...(await state.loadAll()).values()].flatMap((s) => s.alerts);
    expect(saved).toContainEqual(
      expect.objectContaining({
        state: 'firing',
        activeAt: now - 300_000,
        firedAt: now - 240_000,
        labels: expect.objectContaining({ instance: 'replaying' }),
      }),
    );
  } finally {
    clearInterval(tick);
    await producer.disconnect();
    await alertsConsumer.disconnect();
    await source.stop();
    await publisher.disconnect();
    await redis.del(stateKey);
    // resolve them in Alertmanager so reruns and other tests see a clean state
    const ended = new Date().toISOString();
    await new AlertmanagerClient({ urls: [env.ALERTMANAGER_URL!], logger }).send(
      events
        .filter((e) => e.to === 'firing')
        .map((e) => ({
          labels: e.labels,
          annotations: {},
          startsAt: e.at,
          endsAt: ended,
          generatorURL: 'http://x',
        })),
    );
  }
}, 90_000);
