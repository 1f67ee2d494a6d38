import { nativeEnv, requireFrom, STACK } from './native.mjs';

/**
 * Per-hop timestamps of the streaming path, keyed by the alert's `instance` label:
 *  - evaluator: produce time of the rule-evaluator's `alerts` topic message (to: firing)
 *  - alertmanager: Alertmanager's `updatedAt` (when its API received the alert)
 *  - notifier: `created_at` of the notifier's outbox row (notifier.notifications, set by the intake
 *    transaction that answers Alertmanager's webhook)
 */
export async function watchEvaluatorAlerts(instancePrefix) {
  const { Kafka, logLevel } = requireFrom('packages/metrics-core')('kafkajs');
  const kafka = new Kafka({
    clientId: 'latency-bench',
    brokers: nativeEnv().KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({ groupId: `latency-bench-${Date.now()}`, sessionTimeout: 10_000 });
  const fired = new Map();
  await consumer.connect();
  await consumer.subscribe({ topic: 'alerts', fromBeginning: false });
  let joined;
  const ready = new Promise((r) => (joined = r));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.run({
    eachMessage: async ({ message }) => {
      try {
        const event = JSON.parse(message.value.toString('utf8'));
        const instance = event.labels?.instance;
        if (event.to === 'firing' && instance?.startsWith(instancePrefix) && !fired.has(instance))
          fired.set(instance, Number(message.timestamp));
      } catch {
        /* not ours */
      }
    },
  });
  await Promise.race([ready, new Promise((r) => setTimeout(r, 15_000))]);
  return { fired, stop: () => consumer.disconnect() };
}

export async function alertmanagerReceipts(alertname, instancePrefix) {
  const url = `${STACK.alertmanager}/api/v2/alerts?filter=${encodeURIComponent(`alertname="${alertname}"`)}`;
  const alerts = await (await fetch(url)).json();
  const out = new Map();
  for (const a of alerts)
    if (a.labels.instance?.startsWith(instancePrefix)) out.set(a.labels.instance, Date.parse(a.updatedAt));
  return out;
}

export async function notifierReceipts(channelKey, instancePrefix, sinceMs) {
  const { Client } = requireFrom('services/notifier')('pg');
  const client = new Client({ connectionString: nativeEnv().DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT payload::text AS payload, (extract(epoch FROM created_at) * 1000)::float8 AS created_ms
         FROM notifier.notifications WHERE channel_key = $1 AND status = 'firing' AND created_at >= to_timestamp($2 / 1000.0)`,
      [channelKey, sinceMs],
    );
    const out = new Map();
    const re = new RegExp(`${instancePrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\d+`);
    for (const r of rows) {
      const m = re.exec(r.payload);
      if (m && !out.has(m[0])) out.set(m[0], r.created_ms);
    }
    return out;
  } finally {
    await client.end();
  }
}
