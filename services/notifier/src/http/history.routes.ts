import { requireAuth, ValidationError, type AuthOptions } from '@streamwatch/metrics-core';
import { Router } from 'express';
import { z } from 'zod';
import type { HistoryQuery } from '../adapters/history.repository';
import { parseOr400 } from './validate';

const time = z.string().transform((s, ctx) => {
  const ms = /^\d+(\.\d+)?$/.test(s) ? Number(s) * (s.length <= 11 ? 1000 : 1) : Date.parse(s);
  if (Number.isNaN(ms))
    ctx.addIssue({ code: 'custom', message: 'must be RFC 3339, unix seconds or unix milliseconds' });
  return ms;
});

const historyQuery = z.object({
  from: time.optional(),
  to: time.optional(),
  alertname: z.string().optional(),
  state: z.enum(['pending', 'firing', 'resolved', 'inactive']).optional(),
  label: z.union([z.string(), z.array(z.string())]).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
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
