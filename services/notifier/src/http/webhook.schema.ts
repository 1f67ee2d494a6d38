import { z } from 'zod';
import { safeRecord, safeText } from '../domain/safe-text';
import { parseRfc3339 } from '../domain/timestamp';

/**
 * Every field is checked before it reaches PostgreSQL. What can never be right (a date that does not
 * exist, a year PostgreSQL or Go cannot hold, a fingerprint too long for an index) is a 400 naming the
 * field. Text that is only unstorable (U+0000, lone surrogates, in labels, annotations or any other
 * string) is made safe and the notification is delivered: a strange label value must not cost a page.
 */
const text = z.string().transform(safeText);
const labels = z.record(z.string(), z.string()).transform(safeRecord);
const timestamp = z
  .string()
  .refine(
    (s) => parseRfc3339(s) !== undefined,
    'must be an RFC 3339 timestamp with a real date in years 0001-9999 (e.g. 2025-01-01T10:00:00Z)',
  );

export const alertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels,
  annotations: labels.default({}),
  startsAt: timestamp,
  endsAt: timestamp,
  generatorURL: text.default(''),
  fingerprint: z.string().min(1).max(256).transform(safeText),
});

/** Alertmanager webhook payload, version "4". */
export const webhookPayloadSchema = z.object({
  version: z.literal('4'),
  groupKey: z.string().min(1).transform(safeText),
  truncatedAlerts: z.number().int().min(0).default(0),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().min(1).max(256).transform(safeText),
  groupLabels: labels.default({}),
  commonLabels: labels.default({}),
  commonAnnotations: labels.default({}),
  externalURL: text.default(''),
  alerts: z.array(alertSchema).min(1).max(10_000),
});
