import { randomUUID } from 'node:crypto';
import { createRegistry, SampleProducer } from '@streamwatch/metrics-core';
import { nativeEnv, waitFor } from '@streamwatch/test-support';
import { AlertmanagerClient } from '../adapters/alertmanager.client';
import { KafkaAlertPublisher } from '../adapters/kafka.alert-publisher';
import { KafkaSampleSource } from '../adapters/kafka.sample-source';
import { ThreadedSampleSource } from '../adapters/kafka.threaded-sample-source';
import { createEvaluatorMetrics } from '../metrics';
import { EvaluationRuntime } from './evaluation-runtime';
import { MemoryRecordings, MemoryStateStore } from './fakes';
import { itKafka } from './it-kafka';
import { createRuleCompiler } from './rule-compiler';
import { SerialRunner } from './serial-runner';

const env = nativeEnv();
const { kafka, logger, newTopic, deleteTopics } = itKafka(env.KAFKA_BROKERS!.split(','));

afterAll(deleteTopics);

it.each(['decoded batches', 'raw messages', 'reader thread'] as const)(
  'streams samples from real Kafka (%s) to a firing alert in the real Alertmanager and a transition on the alerts topic',
  async (mode) => {
    const run = randomUUID().slice(0, 8);
    const alertname = `StreamwatchIT_${run}`;
    const samplesTopic = await newTopic(`it.rule-evaluator.samples.${run}`, 2);
    const alertsTopic = await newTopic(`it.rule-evaluator.alerts.${run}`);
    const compiler = createRuleCompiler({
      defaultIntervalMs: 60_000,
      externalURL: 'http://rule-evaluator.test',
    });
    const rulesYaml = `groups:\n  - name: it\n    rules:\n      - alert: ${alertname}\n        expr: it_queue_depth{run="${run}"} > 100\n        labels: { severity: test }\n        annotations: { summary: "depth {{ $value }} on {{ $labels.instance }}" }\n`;
    const publisher = new KafkaAlertPublisher(kafka, alertsTopic);
    await publisher.connect();
    const runtime = new EvaluationRuntime({
      clock: { now: () => Date.now() },
      logger,
      metrics: createEvaluatorMetrics(createRegistry('it', { defaultMetrics: false })),
      sink: new AlertmanagerClient({ urls: [env.ALERTMANAGER_URL!], logger }),
      transitions: publisher,
      recordings: new MemoryRecordings(),
      state: new MemoryStateStore(),
      allowedLatenessMs: 5000,
      resendDelayMs: 60_000,
      generatorURL: () => 'http://rule-evaluator.test/api/v1/rules',
      // as Prometheus' global.external_labels: added where the alert has no such label
      externalLabels: { cluster: 'it', severity: 'overridden' },
    });
    runtime.replaceRules(compiler.compile(rulesYaml, 'file', 'it.yml'));
    const serial = new SerialRunner();
    const raw = {
      handleMessage: (message: Buffer, replay: boolean, key: string | null) =>
        serial.run(() => runtime.handleMessage(message, replay, key)),
      onFetchEnd: () => void serial.run(() => runtime.endOfFetch()),
    };
    const consuming = {
      topic: samplesTopic,
      groupId: `it-${run}`,
      logger,
      rebuildWindowMs: () => runtime.store.retentionMs,
    };
    const source =
      mode === 'reader thread'
        ? new ThreadedSampleSource({
            ...consuming,
            ...raw,
            brokers: env.KAFKA_BROKERS!.split(','),
            clientId: `it-${run}`,
            logLevel: 'warn',
          })
        : new KafkaSampleSource({
            ...consuming,
            kafka,
            now: () => Date.now(),
            handle: (batch, replay) => serial.run(() => runtime.handleBatch(batch, replay)),
            ...(mode === 'raw messages' && raw),
          });
    const received: string[] = [];
    const alertsConsumer = kafka.consumer({ groupId: `it-alerts-${run}` });
    const producer = new SampleProducer(kafka, { topic: samplesTopic });
    try {
      await source.start();
      await alertsConsumer.connect();
      await alertsConsumer.subscribe({ topic: alertsTopic, fromBeginning: true });
      await alertsConsumer.run({
        eachMessage: async ({ message }) => void received.push(message.value?.toString() ?? ''),
      });
      await producer.connect();
      await new Promise((r) => setTimeout(r, 3000));
      const now = Date.now();
      await producer.publish(
        [
          { name: 'it_queue_depth', labels: { job: 'it', instance: 'a', run }, value: 5, timestampMs: now },
          { name: 'it_queue_depth', labels: { job: 'it', instance: 'b', run }, value: 500, timestampMs: now },
        ],
        'push',
      );
      const url = `${env.ALERTMANAGER_URL}/api/v2/alerts?filter=${encodeURIComponent(`alertname="${alertname}"`)}`;
      let found: Array<{ labels: Record<string, string>; annotations: Record<string, string> }> = [];
      await waitFor(async () => {
        found = (await (await fetch(url)).json()) as typeof found;
        return found.length > 0;
      }, 30_000);
      expect(found).toHaveLength(1);
      expect(found[0]?.labels).toMatchObject({
        alertname,
        instance: 'b',
        severity: 'test',
        run,
        cluster: 'it',
      });
      expect(found[0]?.annotations.summary).toBe('depth 500 on b');
      await waitFor(async () => received.length > 0, 10_000);
      const event = JSON.parse(received[0] as string);
      expect(event).toMatchObject({
        rule: alertname,
        from: 'inactive',
        to: 'firing',
        labels: { instance: 'b' },
      });
    } finally {
      await producer.disconnect();
      await alertsConsumer.disconnect();
      await source.stop();
      await publisher.disconnect();
      // resolve it in Alertmanager so reruns and other tests see a clean state
      await new AlertmanagerClient({ urls: [env.ALERTMANAGER_URL!], logger }).send([
        {
          labels: { alertname, instance: 'b', job: 'it', run, severity: 'test', cluster: 'it' },
          annotations: {},
          startsAt: new Date(Date.now() - 60_000).toISOString(),
          endsAt: new Date().toISOString(),
          generatorURL: 'http://x',
        },
      ]);
    }
  },
);
