import type { Kafka } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  numPartitions: number;
  replicationFactor?: number;
  configEntries?: Array<{ name: string; value: string }>;
}

export const TOPICS = { samples: 'metrics.samples', alerts: 'alerts' } as const;

/** Creates missing topics with the configured partitions; existing topics are left as they are. */
export async function ensureTopics(kafka: Kafka, specs: TopicSpec[]): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.topic));
    if (missing.length === 0) return [];
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((s) => ({
        topic: s.topic,
        numPartitions: s.numPartitions,
        replicationFactor: s.replicationFactor ?? 1,
        configEntries: s.configEntries,
      })),
    });
    return missing.map((s) => s.topic);
  } finally {
    await admin.disconnect();
  }
}
