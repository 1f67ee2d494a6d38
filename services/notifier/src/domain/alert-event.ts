import { z } from 'zod';

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

function toDate(v: string | number | null | undefined): Date | null {
  if (v === null || v === undefined || v === '') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

function toValue(v: number | string | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

/** `sourceRef` makes re-delivered Kafka messages idempotent (topic/partition/offset). */
export function toHistoryRecord(e: AlertEvent, sourceRef: string): AlertHistoryRecord {
  return {
    sourceRef,
    fingerprint: e.fingerprint,
    alertname: e.labels.alertname ?? e.rule,
    state: e.to,
    labels: e.labels,
    annotations: e.annotations,
    value: toValue(e.value),
    ruleGroup: e.group ?? null,
    activeAt: toDate(e.activeAt),
    firedAt: toDate(e.firedAt),
    resolvedAt: toDate(e.resolvedAt),
    eventAt: toDate(e.at) ?? new Date(0),
  };
}
