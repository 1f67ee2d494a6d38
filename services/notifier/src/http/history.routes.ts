import { requireAuth, ValidationError, type AuthOptions } from '@streamwatch/metrics-core';
import { Router } from 'express';
import { z } from 'zod';
import type { HistoryQuery } from '../adapters/history.repository';
import { apiText, apiTime, parseOr400 } from './validate';

const historyQuery = z
  .object({
    from: apiTime.optional(),
    to: apiTime.optional(),
    alertname: apiText().optional(),
    state: z.enum(['pending', 'firing', 'resolved', 'inactive']).optional(),
    label: z.union([apiText(), z.array(apiText()).max(50)]).optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(500),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    path: ['from'],
    message: 'must not be after to',
  });

function parseLabels(raw: string | string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]) {
    const eq = item.indexOf('=');
    if (eq <= 0)
      throw new ValidationError(`invalid query: label: "${item}" must be name=value`, {
        details: [{ field: 'label', message: 'must be name=value' }],
      });
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

/** `GET /api/v1/alerts/history?from=&to=&alertname=&state=&label=k=v&label=...` */
export function historyRoutes(
  auth: AuthOptions,
  query: (q: HistoryQuery) => Promise<Array<Record<string, unknown>>>,
): Router {
  const router = Router();
  router.get('/api/v1/alerts/history', requireAuth(auth), async (req, res) => {
    const q = parseOr400(historyQuery, req.query, 'query');
    const labels = parseLabels(q.label);
    res.json({
      history: await query({
        fromMs: q.from,
        toMs: q.to,
        alertname: q.alertname,
        state: q.state,
        labels,
        limit: q.limit,
      }),
    });
  });
  return router;
}
