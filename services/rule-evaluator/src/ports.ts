import type { Labels, Sample } from '@streamwatch/metrics-core';
import type { HistoryBucket } from './domain/anomaly/seasonal-history';
import type { AlertingRuleSnapshot } from './domain/rules/types';

export interface Clock {
  now(): number;
}

/** One alert as Alertmanager's `POST /api/v2/alerts` takes it. */
export interface PostableAlert {
  labels: Labels;
  annotations: Labels;
  startsAt: string;
  /** Set for resolved alerts; for firing ones a time a few resend intervals ahead, as Prometheus does. */
  endsAt?: string;
  generatorURL: string;
}

export type SendOutcome = 'success' | 'failure';

/** Posts a batch of alerts to every configured Alertmanager; one outcome per Alertmanager. */
export interface AlertSink {
  send(alerts: PostableAlert[]): Promise<SendOutcome[]>;
}

/** The JSON published to Kafka topic `alerts` for every state change (see README). */
export interface AlertTransitionEvent {
  fingerprint: string;
  group: string;
  rule: string;
  from: 'inactive' | 'pending' | 'firing';
  to: 'pending' | 'firing' | 'resolved';
  labels: Labels;
  annotations: Labels;
  value: number;
  activeAt: string;
  firedAt?: string;
  resolvedAt?: string;
  at: string;
  generatorURL: string;
}

export interface TransitionPublisher {
  publish(events: AlertTransitionEvent[]): Promise<void>;
}

/** Publishes recording-rule results back to `metrics.samples` with source `recording_rule`. */
export interface SamplePublisher {
  publish(samples: Sample[]): Promise<void>;
}

/** Pending/firing state per rule id, kept across restarts. */
export interface AlertStateStore {
  loadAll(): Promise<Map<string, AlertingRuleSnapshot>>;
  save(ruleId: string, snapshot: AlertingRuleSnapshot): Promise<void>;
  remove(ruleId: string): Promise<void>;
}

/** A rule group stored through the HTTP API: the Prometheus group object (name, interval, rules). */
export interface StoredRuleGroup {
  name: string;
  body: Record<string, unknown>;
  version: number;
  updatedAt: Date;
}

export interface RuleGroupRepository {
  list(): Promise<StoredRuleGroup[]>;
  get(name: string): Promise<StoredRuleGroup | undefined>;
  /** Inserts or replaces; returns the stored row and whether it was created. */
  upsert(name: string, body: Record<string, unknown>): Promise<{ group: StoredRuleGroup; created: boolean }>;
  remove(name: string): Promise<boolean>;
  /** Changes whenever any group changes (for polling). */
  revision(): Promise<string>;
}

/** Rule files from disk: text per file, and a cheap change signature (mtimes and sizes). */
export interface RuleFileSource {
  read(): Promise<Array<{ file: string; text: string }>>;
  signature(): Promise<string>;
}

/**
 * Downsampled history of seasonal anomaly rules, kept across restarts. `group` is an expression's
 * `historyId` or `escapedHistoryId`; `series` the key (`seriesKey`) of one of its output series.
 */
export interface HistoryStore {
  /** Upserts buckets (by start time) and drops the group's buckets older than `keepFromT`. */
  write(
    group: string,
    entries: Array<{ series: string; buckets: HistoryBucket[] }>,
    keepFromT: number,
  ): Promise<void>;
  /** Every series of the group with its buckets from `fromT` on, oldest first. */
  load(group: string, fromT: number): Promise<Map<string, HistoryBucket[]>>;
}
