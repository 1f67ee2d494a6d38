import type { AlertGroup, AlertStatus } from './domain/alert-group';
import type { AlertHistoryRecord } from './domain/alert-event';
import type { NextStep } from './domain/delivery-policy';
import type { DeliveryOutcome } from './domain/outcome';
import type { ChannelType } from './domain/receivers';

export interface Clock {
  now(): number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

/** Raised by an HttpClient when no HTTP answer arrived. */
export class HttpTransportError extends Error {
  constructor(
    readonly reason: 'timeout' | 'network',
    message: string,
  ) {
    super(message);
    this.name = 'HttpTransportError';
  }
}

export interface HttpClient {
  post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<HttpResponse>;
}

export interface MailMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
}

export interface Mailer {
  /** Resolves with the server's answer; rejects with a DeliveryOutcome-classifiable MailError. */
  send(message: MailMessage, timeoutMs: number): Promise<{ response: string }>;
}

export class MailError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
    readonly responseCode?: number,
  ) {
    super(message);
    this.name = 'MailError';
  }
}

export interface Grant {
  granted: number;
  remaining: number;
  resetInMs: number;
}

export interface RateLimiter {
  /** Takes up to `want` sends from the current window of `key`; returns how many were granted and how many are left. */
  acquire(key: string, want: number, limit: { count: number; perMs: number }): Promise<Grant>;
}

export interface NewNotification {
  dedupeKey: string;
  receiver: string;
  channelKey: string;
  channelType: ChannelType;
  status: AlertStatus;
  origin: 'alertmanager' | 'escalation' | 'resolved-guarantee';
  group: AlertGroup;
  /** 0 (or absent) for a first notification, n for the n-th reminder of the same firing notification. */
  repeatSeq?: number;
}

export interface OutboxItem extends NewNotification {
  id: number;
  attempts: number;
  createdAtMs: number;
}

export interface AttemptRecord {
  item: OutboxItem;
  outcome: DeliveryOutcome;
  latencyMs: number;
  next: NextStep;
  foldedCount: number;
  /** Set on every notification of a summary send: the send's idempotency key and title. */
  summary?: { key: string; title: string };
}

export interface Outbox {
  claim(channelKey: string, limit: number, leaseMs: number): Promise<OutboxItem[]>;
  record(attempts: AttemptRecord[]): Promise<void>;
  /** Gives claimed items back without an attempt, due again at `atMs`. */
  release(ids: number[], atMs: number): Promise<void>;
  stats(): Promise<{ pending: number; dead: number }>;
}

export interface ReceiptUpdate {
  receiver: string;
  group: AlertGroup;
}

/** Everything one accepted notification changes, written in one transaction. */
export interface IntakeBatch {
  /** When the webhook arrived: a firing notification identical to one accepted a reminder interval earlier is a reminder. */
  receivedAtMs: number;
  notifications: NewNotification[];
  firingReceipts: ReceiptUpdate[];
  resolvedReceipts: ReceiptUpdate[];
  escalationStarts: Array<{
    policy: string;
    fingerprint: string;
    startsAt: string;
    alert: unknown;
    firstDueMs: number;
  }>;
  /** A resolved alert ends the escalations of its episode (`startsAt`) and older ones. */
  escalationResolves: Array<{ fingerprint: string; startsAt: string }>;
}

export interface IntakeStore {
  /**
   * Commits many batches in one transaction. Returns, per batch, the notifications it newly queued: a
   * repeat of one queued before, or earlier in `batches`, is left out (a dedupe hit), unless it is a
   * firing notification last accepted at least the reminder interval before: then it is queued again
   * as a reminder (`repeatSeq` > 0, dedupe key suffixed with the sequence).
   */
  acceptAll(batches: readonly IntakeBatch[]): Promise<NewNotification[][]>;
}

export interface HistoryStore {
  insert(records: AlertHistoryRecord[]): Promise<void>;
}
