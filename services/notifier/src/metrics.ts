import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type NotificationStatus = 'queued' | 'delivered' | 'retry' | 'dead_letter' | 'folded';

export interface NotifierMetrics {
  notifications: Counter<'receiver' | 'channel' | 'status'>;
  deliveryDuration: Histogram<'channel'>;
  outboxDepth: Gauge;
  deadLetters: Gauge;
  dedupeHits: Counter;
  reminders: Counter;
  corruptMessages: Counter<'topic'>;
  historyEvents: Counter<'state'>;
  resolvedGuarantee: Counter;
  escalations: Counter<'policy'>;
}

export function createNotifierMetrics(registry: Registry): NotifierMetrics {
  const registers = [registry];
  return {
    notifications: new Counter({
      name: 'streamwatch_notifier_notifications_total',
      help: 'Notification state changes per receiver and channel type (queued, delivered, retry, dead_letter, folded).',
      labelNames: ['receiver', 'channel', 'status'],
      registers,
    }),
    deliveryDuration: new Histogram({
      name: 'streamwatch_notifier_delivery_duration_seconds',
      help: 'Time of one send to a provider, by channel type.',
      labelNames: ['channel'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    outboxDepth: new Gauge({
      name: 'streamwatch_notifier_outbox_depth',
      help: 'Notifications waiting for delivery.',
      registers,
    }),
    deadLetters: new Gauge({
      name: 'streamwatch_notifier_dead_letters',
      help: 'Notifications currently dead-lettered.',
      registers,
    }),
    dedupeHits: new Counter({
      name: 'streamwatch_notifier_dedupe_hits_total',
      help: 'Receiver channel notifications dropped as repeats of one already queued.',
      registers,
    }),
    reminders: new Counter({
      name: 'streamwatch_notifier_reminders_total',
      help: "Receiver channel notifications queued as reminders (Alertmanager's repeat of a notification still firing).",
      registers,
    }),
    corruptMessages: new Counter({
      name: 'streamwatch_kafka_messages_corrupt_total',
      help: 'Kafka messages skipped because they could not be decoded.',
      labelNames: ['topic'],
      registers,
    }),
    historyEvents: new Counter({
      name: 'streamwatch_notifier_alert_history_events_total',
      help: 'Alert state transitions stored from the alerts topic.',
      labelNames: ['state'],
      registers,
    }),
    resolvedGuarantee: new Counter({
      name: 'streamwatch_notifier_resolved_guarantee_total',
      help: 'Resolved notices the notifier sent itself because Alertmanager did not (silenced or inhibited).',
      registers,
    }),
    escalations: new Counter({
      name: 'streamwatch_notifier_escalation_steps_total',
      help: 'Escalation steps that notified their receivers.',
      labelNames: ['policy'],
      registers,
    }),
  };
}
