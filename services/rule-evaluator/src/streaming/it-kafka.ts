import { randomUUID } from 'node:crypto';
import { createKafka, ensureTopics, silentLogger } from '@streamwatch/metrics-core';

/** For integration tests: a client of the broker, and topics made for the test and deleted after. */
export function itKafka(brokers: string[]) {
  const logger = silentLogger();
  const kafka = createKafka({ brokers, clientId: `it-${randomUUID().slice(0, 8)}`, logger });
  const topics: string[] = [];
  return {
    logger,
    brokers,
    kafka,
    async newTopic(topic: string, numPartitions = 1): Promise<string> {
      topics.push(topic);
      await ensureTopics(kafka, [{ topic, numPartitions }]);
      return topic;
    },
    async deleteTopics(): Promise<void> {
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics }).catch(() => undefined);
      await admin.disconnect();
    },
  };
}
