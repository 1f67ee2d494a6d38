import { z } from 'zod';
import { safeRecord, safeText } from './safe-text';

const time = z.union([z.string(), z.number()]).nullable().optional();

/**
 * A state transition published by the rule-evaluator on topic `alerts` (format in the rule-evaluator's
 * README); unknown extra fields are accepted. `fingerprint` is Alertmanager's fingerprint of the labels.
 */
export const alertEventSchema = z
  .object({
    fingerprint: z.string().min(1),
    group: z.string().optional(),
    rule: z.string().min(1),
    from: z.enum(['inactive', 'pending', 'firing']).optional(),
    to: z.enum(['pending', 'firing', 'resolved']),
    labels: z.record(z.string(), z.string()),
    annotations: z.record(z.string(), z.string()).default({}),
    value: z.union([z.number(), z.string()]).nullable().optional(),
    activeAt: time,
    firedAt: time,
    resolvedAt: time,
    at: z.union([z.string().min(1), z.number()]),
  })
  .loose();

export type AlertEvent = z.infer<typeof alertEventSchema>;

export interface AlertHistoryRecord {
  sourceRef: string;
  fingerprint: string;
  alertname: string;
  state: AlertEvent['to'];
  labels: Record<string, string>;
  annotations: Record<string, string>;
  value: number | null;
  ruleGroup: string | null;
  activeAt: Date | null;
  firedAt: Date | null;
  resolvedAt: Date | null;
  eventAt: Date;
}

/** A date PostgreSQL can store (years 1-9999), or null. */
function toDate(v: string | number | null | undefined): Date | null {
  if (v === null || v === undefined || v === '') return null;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return null;
  const year = d.getUTCFullYear();
  return year >= 1 && year <= 9999 ? d : null;
}

function toValue(v: number | string | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

/**
 * `sourceRef` makes re-delivered Kafka messages idempotent (topic/partition/offset). Text is made safe
 * for PostgreSQL and impossible dates become null, so one odd event cannot stall the partition.
 */
export function toHistoryRecord(e: AlertEvent, sourceRef: string): AlertHistoryRecord {
  return {
    sourceRef,
    fingerprint: safeText(e.fingerprint),
    alertname: safeText(e.labels.alertname ?? e.rule),
    state: e.to,
    labels: safeRecord(e.labels),
    annotations: safeRecord(e.annotations),
    value: toValue(e.value),
    ruleGroup: e.group === undefined ? null : safeText(e.group),
    activeAt: toDate(e.activeAt),
    firedAt: toDate(e.firedAt),
    resolvedAt: toDate(e.resolvedAt),
    eventAt: toDate(e.at) ?? new Date(0),
  };
}
