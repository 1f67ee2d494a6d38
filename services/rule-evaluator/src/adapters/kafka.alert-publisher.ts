import type { Kafka, Producer } from 'kafkajs';
import { DependencyError } from '@streamwatch/metrics-core';
import type { AlertTransitionEvent, TransitionPublisher } from '../ports';

/** Publishes alert transitions as JSON to the `alerts` topic, keyed by alert fingerprint (per-alert order). */
export class KafkaAlertPublisher implements TransitionPublisher {
  private readonly producer: Producer;

  constructor(
    kafka: Kafka,
    private readonly topic: string,
  ) {
    this.producer = kafka.producer({ allowAutoTopicCreation: false });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  async publish(events: AlertTransitionEvent[]): Promise<void> {
    if (events.length === 0) return;
    try {
      await this.producer.send({
        topic: this.topic,
        acks: -1,
        messages: events.map((e) => ({ key: e.fingerprint, value: JSON.stringify(e) })),
      });
    } catch (err) {
      throw new DependencyError('kafka', `publish to ${this.topic} failed: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }
}
