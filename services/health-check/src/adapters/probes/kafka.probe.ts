import { Kafka, logLevel } from 'kafkajs';
import { failure } from '../../domain/probe-result';
import type { KafkaSpec } from '../../domain/target';
import type { Probe } from '../../ports';
import { abortable, errorOutcome } from './classify-error';

/** Connects an admin client, reads cluster metadata (and checks the topic exists when one is set), disconnects. */
export function createKafkaProbe(spec: KafkaSpec, timeoutMs: number): Probe {
  const kafka = new Kafka({
    clientId: 'streamwatch-health-check-probe',
    brokers: spec.brokers,
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  return {
    run: async (signal) => {
      const admin = kafka.admin({ retry: { retries: 0 } });
      const disconnect = (): void => void admin.disconnect().catch(() => undefined);
      try {
        return await abortable(
          (async () => {
            await admin.connect();
            const cluster = await admin.describeCluster();
            if (cluster.brokers.length === 0) return failure('error', 'cluster reports no brokers');
            if (spec.topic && !(await admin.listTopics()).includes(spec.topic))
              return failure('missing_topic', `topic ${spec.topic} does not exist`);
            return { success: true };
          })(),
          signal,
          disconnect,
        );
      } catch (err) {
        return errorOutcome(err);
      } finally {
        disconnect();
      }
    },
  };
}
