import type { Admin, Kafka } from 'kafkajs';

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
    const topics = missing.map((s) => s.topic);
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((s) => ({
          topic: s.topic,
          numPartitions: s.numPartitions,
          replicationFactor: s.replicationFactor ?? 1,
          configEntries: s.configEntries,
        })),
      });
    } catch (err) {
      // A KRaft broker may briefly answer metadata for a topic it just created with
      // UNKNOWN_TOPIC_OR_PARTITION; kafkajs's waitForLeaders only retries LEADER_NOT_AVAILABLE.
      if (!isUnknownTopic(err)) throw err;
      await waitForLeaders(admin, topics, LEADER_WAIT_MS);
    }
    return topics;
  } finally {
    await admin.disconnect();
  }
}

const LEADER_WAIT_MS = 10_000;

function isUnknownTopic(err: unknown): boolean {
  const e = err as { type?: string; originalError?: { type?: string } } | undefined;
  return e?.type === 'UNKNOWN_TOPIC_OR_PARTITION' || e?.originalError?.type === 'UNKNOWN_TOPIC_OR_PARTITION';
}

/** Polls the topics' metadata until every partition has a leader; throws the last error after `timeoutMs`. */
async function waitForLeaders(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      if (metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
      if (Date.now() >= deadline) throw new Error(`topics ${topics.join(', ')} have no leader yet`);
    } catch (err) {
      if (!isUnknownTopic(err) || Date.now() >= deadline) throw err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
