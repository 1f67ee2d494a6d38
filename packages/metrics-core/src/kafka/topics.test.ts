import type { Kafka } from 'kafkajs';
import { ensureTopics } from './topics';

const unknownTopic = () =>
  Object.assign(new Error('This server does not host this topic-partition'), {
    type: 'UNKNOWN_TOPIC_OR_PARTITION',
  });

/** An admin whose createTopics fails like a KRaft broker right after creating the topic. */
function fakeKafka(
  metadataAnswers: Array<'unknown' | 'no-leader' | 'ready'>,
  createError: Error = unknownTopic(),
) {
  const calls = { create: 0, metadata: 0 };
  const admin = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    listTopics: async () => ['existing'],
    createTopics: async () => {
      calls.create++;
      throw createError;
    },
    fetchTopicMetadata: async ({ topics }: { topics: string[] }) => {
      const answer = metadataAnswers[Math.min(calls.metadata++, metadataAnswers.length - 1)];
      if (answer === 'unknown') throw unknownTopic();
      return {
        topics: topics.map((name) => ({
          name,
          partitions: [{ partitionId: 0, leader: answer === 'ready' ? 1 : -1 }],
        })),
      };
    },
  };
  return { kafka: { admin: () => admin } as unknown as Kafka, calls };
}

describe('ensureTopics', () => {
  it('waits out a just-created topic the broker does not know yet, until it has a leader', async () => {
    const { kafka, calls } = fakeKafka(['unknown', 'no-leader', 'ready']);
    await expect(
      ensureTopics(kafka, [
        { topic: 't', numPartitions: 1 },
        { topic: 'existing', numPartitions: 1 },
      ]),
    ).resolves.toEqual(['t']);
    expect(calls).toEqual({ create: 1, metadata: 3 });
  });

  it('rethrows any other creation error', async () => {
    const { kafka } = fakeKafka(['ready'], new Error('not authorized'));
    await expect(ensureTopics(kafka, [{ topic: 't', numPartitions: 1 }])).rejects.toThrow('not authorized');
  });
});
