import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface EvaluatorMetrics {
  evaluationDuration: Histogram<'rule_group'>;
  evaluationFailures: Counter<'rule_group'>;
  samplesProcessed: Counter;
  samplesLate: Counter;
  consumerLag: Gauge<'partition'>;
  alerts: Gauge<'alertname' | 'state'>;
  notifications: Counter<'status'>;
  detectionLatency: Histogram;
  rulesLoaded: Gauge<'source'>;
  ruleLoadFailures: Counter<'source'>;
  seriesInMemory: Gauge;
  outputFailures: Counter<'output'>;
  messagesSkipped: Counter<'reason'>;
}

/** Why a sample message was skipped (a corrupt one is counted by `streamwatch_kafka_messages_corrupt_total`). */
export type SkipReason = 'apply_failed';

/** Metric names are shared with dashboards and alert rules (see the brief); keep them stable. */
export function createEvaluatorMetrics(registry: Registry): EvaluatorMetrics {
  const registers = [registry];
  return {
    evaluationDuration: new Histogram({
      name: 'streamwatch_evaluator_rule_evaluation_duration_seconds',
      help: 'Time to evaluate one rule once.',
      labelNames: ['rule_group'],
      buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25, 1],
      registers,
    }),
    evaluationFailures: new Counter({
      name: 'streamwatch_evaluator_rule_evaluation_failures_total',
      help: 'Rule evaluations that failed.',
      labelNames: ['rule_group'],
      registers,
    }),
    samplesProcessed: new Counter({
      name: 'streamwatch_evaluator_samples_processed_total',
      help: 'Samples appended to rule windows.',
      registers,
    }),
    samplesLate: new Counter({
      name: 'streamwatch_evaluator_samples_late_total',
      help: "Samples dropped as out of order: older than their own series' newest point minus the allowed lateness.",
      registers,
    }),
    consumerLag: new Gauge({
      name: 'streamwatch_evaluator_consumer_lag_messages',
      help: 'Messages behind the high watermark after the last processed batch.',
      labelNames: ['partition'],
      registers,
    }),
    alerts: new Gauge({
      name: 'streamwatch_evaluator_alerts',
      help: 'Active alerts by name and state (like Prometheus ALERTS).',
      labelNames: ['alertname', 'state'],
      registers,
    }),
    notifications: new Counter({
      name: 'streamwatch_evaluator_alert_notifications_total',
      help: 'Alert batches posted to Alertmanager.',
      labelNames: ['status'],
      registers,
    }),
    detectionLatency: new Histogram({
      name: 'streamwatch_evaluator_detection_latency_seconds',
      help: 'From the timestamp of the sample that triggered it to the alert state change.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    rulesLoaded: new Gauge({
      name: 'streamwatch_evaluator_rules',
      help: 'Rules loaded.',
      labelNames: ['source'],
      registers,
    }),
    ruleLoadFailures: new Counter({
      name: 'streamwatch_evaluator_rule_load_failures_total',
      help: 'Rule files or stored groups that failed to load (the previous version stays active).',
      labelNames: ['source'],
      registers,
    }),
    seriesInMemory: new Gauge({
      name: 'streamwatch_evaluator_series',
      help: 'Series held in rule windows.',
      registers,
    }),
    outputFailures: new Counter({
      name: 'streamwatch_evaluator_output_failures_total',
      help: 'Failed writes of alert state, transitions or recorded samples.',
      labelNames: ['output'],
      registers,
    }),
    messagesSkipped: new Counter({
      name: 'streamwatch_evaluator_messages_skipped_total',
      help: 'Sample messages skipped (and committed) because applying them threw; see the log for the error.',
      labelNames: ['reason'],
      registers,
    }),
  };
}
