import { requireAuth, type AuthOptions } from '@streamwatch/metrics-core';
import { Router } from 'express';
import { z } from 'zod';
import type { EscalationFilter, EscalationRow } from '../adapters/escalation.repository';
import type { EscalationPolicy } from '../domain/receivers';
import { apiText, parseOr400 } from './validate';

const listQuery = z
  .object({
    state: z.enum(['open', 'acknowledged']).optional(),
    fingerprint: apiText(256).optional(),
    alertname: apiText().optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();

export interface EscalationsDeps {
  auth: AuthOptions;
  list: (f: EscalationFilter) => Promise<EscalationRow[]>;
  policies: readonly EscalationPolicy[];
}

function view(r: EscalationRow, policies: readonly EscalationPolicy[]) {
  const steps = policies.find((p) => p.name === r.policy)?.steps.length ?? null;
  const open = r.state === 'open';
  return {
    id: r.id,
    policy: r.policy,
    fingerprint: r.fingerprint,
    alertname: r.alertname,
    state: open ? 'open' : 'acknowledged',
    step: r.step,
    steps,
    nextStep: open ? r.step + 1 : null,
    nextDueAt: open ? r.next_due_at : null,
    ackedBy: r.acked_by,
    ackedAt: r.acked_at,
    startsAt: r.starts_at,
    createdAt: r.created_at,
  };
}

/**
 * `GET /api/v1/escalations[?state=open|acknowledged&fingerprint&alertname&limit]`: escalations still
 * running or stopped by an acknowledgement, newest first. `step` counts the steps notified so far, of
 * `steps` in the policy; an open one notifies step `nextStep` at `nextDueAt`.
 */
export function escalationsRoutes(d: EscalationsDeps): Router {
  const router = Router();
  router.get('/api/v1/escalations', requireAuth(d.auth), async (req, res) => {
    const q = parseOr400(listQuery, req.query, 'query');
    const rows = await d.list({
      state: q.state === 'acknowledged' ? 'acked' : q.state,
      fingerprint: q.fingerprint,
      alertname: q.alertname,
      limit: q.limit,
    });
    res.json({ escalations: rows.map((r) => view(r, d.policies)) });
  });
  return router;
}
