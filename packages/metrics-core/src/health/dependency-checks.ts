import type { Admin, Kafka } from 'kafkajs';
import type { DependencyCheck } from './health';

export function redisCheck(client: { ping(): Promise<unknown> }, timeoutMs = 1000): DependencyCheck {
  return {
    component: 'redis',
    componentType: 'datastore',
    timeoutMs,
    probe: async () => void (await client.ping()),
  };
}

export function postgresCheck(
  pool: { query(sql: string): Promise<unknown> },
  timeoutMs = 1000,
): DependencyCheck {
  return {
    component: 'postgres',
    componentType: 'datastore',
    timeoutMs,
    probe: async () => void (await pool.query('SELECT 1')),
  };
}

/** Asks the cluster for its brokers through a lazily connected admin client. */
export function kafkaCheck(kafka: Kafka, timeoutMs = 2000): DependencyCheck & { close(): Promise<void> } {
  let admin: Admin | undefined;
  let connecting: Promise<void> | undefined;
  return {
    component: 'kafka',
    componentType: 'datastore',
    timeoutMs,
    probe: async () => {
      if (!admin) {
        admin = kafka.admin();
        connecting = admin.connect();
      }
      try {
        await connecting;
        const cluster = await admin.describeCluster();
        return { output: `${cluster.brokers.length} broker(s)` };
      } catch (err) {
        const failed = admin;
        admin = undefined;
        void failed.disconnect().catch(() => undefined);
        throw err;
      }
    },
    close: async () => {
      if (admin) await admin.disconnect();
    },
  };
}
