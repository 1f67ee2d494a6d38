import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRedis, SampleProducer } from '@streamwatch/metrics-core';
import { nativeEnv, waitFor } from '@streamwatch/test-support';
import type { Alert, AlertingRuleSnapshot } from './domain/rules/types';
import { itKafka } from './streaming/it-kafka';
import {
  ALERT_PARTITIONS,
  FOR_MS,
  idOf,
  postProblems,
  rulesYaml,
  spreadSeries,
  stateProblems,
  TOPIC_PARTITIONS,
  transitionProblems,
} from './testing/restart-fixture';
import {
  recordTransitions,
  startEvaluator,
  startFakeAlertmanager,
  type EvaluatorRun,
} from './testing/restart-harness';

// The built evaluator is restarted 3 times with SIGTERM and 3 times with kill -9 while samples keep coming, with
// alerts on 6 partitions and two more partitions gone quiet. No restart may lose, reset, resolve or re-fire an
// alert, and after the last one a new alert over every partition must still fire.

const infra = nativeEnv();
const { kafka, logger, newTopic, deleteTopics } = itKafka(infra.KAFKA_BROKERS!.split(','));
const SESSION_TIMEOUT_MS = 6_000;
/** How far past activeAt + for a pending alert may fire: a tick or two, and a sample interval. */
const FIRE_TOLERANCE_MS = 3_000;
const SETTLE_MS = 4_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('keeps every pending and firing alert, on every partition, across 3 SIGTERM and 3 kill -9 restarts', async () => {
  const run = randomUUID().slice(0, 8);
  const series = spreadSeries(run);
  expect(new Set(series.map((s) => s.partition)).size).toBe(TOPIC_PARTITIONS);
  expect(new Set(series.filter((s) => s.metric !== 'rs_quiet').map((s) => s.partition)).size).toBe(
    ALERT_PARTITIONS,
  );
  const samplesTopic = await newTopic(`it.rule-evaluator.restarts.${run}`, TOPIC_PARTITIONS);
  const alertsTopic = await newTopic(`it.rule-evaluator.restarts-alerts.${run}`, 3);
  const dir = mkdtempSync(join(tmpdir(), 'evaluator-restarts-'));
  writeFileSync(join(dir, 'rules.yml'), rulesYaml(run));
  const stateKey = `it:rule-evaluator:restarts:${run}`;
  const redis = createRedis(infra.REDIS_URL!, logger);
  await redis.connect();
  const am = await startFakeAlertmanager();
  const transitions = await recordTransitions(kafka, alertsTopic, `it-restarts-alerts-${run}`);
  const evaluatorEnv = {
    KAFKA_BROKERS: infra.KAFKA_BROKERS!,
    DATABASE_URL: infra.DATABASE_URL!,
    REDIS_URL: infra.REDIS_URL!,
    RULES_API_TOKEN: 'restarts-int-rules-api-token',
    SAMPLES_TOPIC: samplesTopic,
    ALERTS_TOPIC: alertsTopic,
    CONSUMER_GROUP: `it-restarts-${run}`,
    STATE_KEY: stateKey,
    HISTORY_KEY_PREFIX: `it:rule-evaluator:restarts-history:${run}`,
    RULE_FILES: join(dir, 'rules.yml'),
    ALERTMANAGER_URLS: am.url,
    ALERT_RESEND_DELAY_MS: '2000',
    KAFKA_SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS),
    LOG_LEVEL: 'info',
  };

  // Every series gets a sample every 500 ms; `high` says which metrics are over 1, `quiet` stops `rs_quiet`.
  const producer = new SampleProducer(kafka, { topic: samplesTopic });
  await producer.connect();
  const high = new Set(['rs_a', 'rs_b', 'rs_c']);
  let quiet = false;
  let producing = true;
  const feeding = (async () => {
    while (producing) {
      const now = Date.now();
      const samples = series
        .filter((s) => !quiet || s.metric !== 'rs_quiet')
        .map((s) => ({
          name: s.metric,
          labels: s.labels,
          value: high.has(s.metric) ? 5 : 0,
          timestampMs: now,
        }));
      await producer.publish(samples, 'push');
      await sleep(500);
    }
  })();

  const readState = async (): Promise<Map<string, Alert>> => {
    const out = new Map<string, Alert>();
    for (const json of Object.values(await redis.hgetall(stateKey)))
      for (const a of (JSON.parse(json) as AlertingRuleSnapshot).alerts) out.set(idOf(a.labels), a);
    return out;
  };
  const inState = async (alertname: string, state: Alert['state']) =>
    [...(await readState()).values()].filter((a) => a.labels.alertname === alertname && a.state === state)
      .length;
  /** What each alert must keep: its state (pending or firing) with activeAt and firedAt. */
  const expected = new Map<string, Alert>();
  const problems: string[] = [];
  const lost: Record<string, number> = {};
  const timings: Array<{ restart: string; readyMs: number; consumingMs: number }> = [];
  const outputs: string[] = [];
  let current: EvaluatorRun | undefined;
  const restart = async (n: number, signal: 'SIGTERM' | 'SIGKILL') => {
    const label = `restart ${n} (${signal})`;
    const at = Date.now();
    await current!.proc.stop(signal);
    outputs.push(current!.proc.output());
    current = undefined;
    current = await startEvaluator(evaluatorEnv, at);
    timings.push({ restart: label, readyMs: current.readyMs, consumingMs: current.consumingMs });
    await sleep(SETTLE_MS);
    const found = stateProblems(label, expected, await readState());
    lost[label] = found.length;
    problems.push(...found);
  };

  const started = Date.now();
  try {
    current = await startEvaluator(evaluatorEnv);
    // Before any restart: RsFiring 4 + RsFiredFor 4 + RsCount 1 firing, RsPendingLong 2 pending.
    await waitFor(async () => (await inState('RsFiring', 'firing')) === 4, 30_000);
    await waitFor(
      async () =>
        (await inState('RsFiredFor', 'firing')) === 4 &&
        (await inState('RsCount', 'firing')) === 1 &&
        (await inState('RsPendingLong', 'pending')) === 2,
      30_000,
    );
    for (const [id, a] of await readState()) expected.set(id, a);

    // From here on two partitions only have history: their replay must end all the same.
    quiet = true;
    await restart(1, 'SIGTERM');

    // RsPendingFires goes pending shortly before a kill -9 and must fire at activeAt + for all the same.
    high.add('rs_d');
    await waitFor(async () => (await inState('RsPendingFires', 'pending')) === 2, 10_000);
    for (const [id, a] of await readState()) if (!expected.has(id)) expected.set(id, a);
    const pendingFires = [...expected.values()].filter((a) => a.labels.alertname === 'RsPendingFires');
    await sleep(1000);
    await restart(2, 'SIGKILL');
    const dueAt = Math.max(...pendingFires.map((a) => a.activeAt)) + FOR_MS;
    await waitFor(
      async () => (await inState('RsPendingFires', 'firing')) === 2,
      Math.max(1000, dueAt + FIRE_TOLERANCE_MS + 2000 - Date.now()),
    ).catch(() => problems.push('RsPendingFires did not fire by activeAt + for (+ tolerance)'));
    const afterFire = await readState();
    for (const a of pendingFires) {
      const got = afterFire.get(idOf(a.labels));
      if (got?.state !== 'firing' || got.activeAt !== a.activeAt) continue;
      const late = (got.firedAt as number) - (a.activeAt + FOR_MS);
      if (late < 0 || late > FIRE_TOLERANCE_MS)
        problems.push(`${idOf(a.labels)} fired ${late} ms after activeAt + for`);
      expected.set(idOf(a.labels), got);
    }

    await restart(3, 'SIGTERM');
    await restart(4, 'SIGKILL');
    await restart(5, 'SIGTERM');
    await restart(6, 'SIGKILL');

    // A rule over every partition still runs after the restarts (no partition is left replaying for ever).
    high.add('rs_e');
    await waitFor(async () => (await inState('RsLate', 'firing')) === 1, 8_000).catch(() =>
      problems.push('RsLate (a count() over every partition) did not fire within 8 s after the last restart'),
    );
  } finally {
    producing = false;
    await feeding.catch(() => undefined);
    if (current) {
      await current.proc.stop('SIGTERM');
      outputs.push(current.proc.output());
    }
    await producer.disconnect();
    await transitions.stop();
    await am.close();
    await redis.del(stateKey);
    await redis.quit();
    await deleteTopics();
    outputs.forEach((out, i) => writeFileSync(join(dir, `evaluator-${i}.log`), out));
    console.log(
      `restarts: ${Math.round((Date.now() - started) / 1000)} s in all; logs in ${dir}\n` +
        timings
          .map((t) => `  ${t.restart}: ready ${t.readyMs} ms, consuming ${t.consumingMs} ms`)
          .join('\n') +
        `\n  alerts that lost their state, per restart: ${JSON.stringify(lost)}`,
    );
  }

  problems.push(...postProblems(am.posts, run, expected), ...transitionProblems(transitions.events, run));
  if (problems.length > 0) console.log(`restart problems:\n  ${problems.join('\n  ')}`);
  expect(problems).toEqual([]);
  expect(expected.size).toBe(13);
  for (const t of timings) expect(t.consumingMs).toBeLessThan(SESSION_TIMEOUT_MS + 10_000);
}, 180_000);
