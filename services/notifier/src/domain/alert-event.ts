import { z } from 'zod';

/** A state transition published by the rule-evaluator on topic `alerts`; unknown extra fields are accepted. */
export const alertEventSchema = z
  .object({
    fingerprint: z.string().min(1),
    alertname: z.string().min(1),
    labels: z.record(z.string(), z.string()),
    annotations: z.record(z.string(), z.string()).default({}),
    state: z.enum(['pending', 'firing', 'resolved', 'inactive']),
    activeAt: z.union([z.string(), z.number()]).nullable().optional(),
    firedAt: z.union([z.string(), z.number()]).nullable().optional(),
    resolvedAt: z.union([z.string(), z.number()]).nullable().optional(),
    value: z.union([z.number(), z.string()]).nullable().optional(),
    ruleGroup: z.string().optional(),
    timestampMs: z.number().int().nonnegative(),
  })
  .loose();

export type AlertEvent = z.infer<typeof alertEventSchema>;

export interface AlertHistoryRecord {
  sourceRef: string;
  fingerprint: string;
  alertname: string;
  state: AlertEvent['state'];
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
    alertname: e.alertname,
    state: e.state,
    labels: e.labels,
    annotations: e.annotations,
    value: toValue(e.value),
    ruleGroup: e.ruleGroup ?? null,
    activeAt: toDate(e.activeAt),
    firedAt: toDate(e.firedAt),
    resolvedAt: toDate(e.resolvedAt),
    eventAt: new Date(e.timestampMs),
  };
}
