import { NotFoundError, requireAuth, type AuthOptions } from '@streamwatch/metrics-core';
import { Router } from 'express';
import { z } from 'zod';
import type { LedgerRepository } from '../adapters/ledger.repository';
import { apiText, parseOr400 } from './validate';

const listQuery = z
  .object({
    receiver: apiText().optional(),
    channel: apiText().optional(),
    alertname: apiText().optional(),
    state: z.enum(['pending', 'delivered', 'dead']).optional(),
    status: z.enum(['firing', 'resolved']).optional(),
    origin: z.enum(['alertmanager', 'escalation', 'resolved-guarantee']).optional(),
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();
const idParam = z.object({ id: z.coerce.number().int().positive() });

/** The ledger API: notifications with their attempts, dead letters, and retrying a dead letter. */
export function ledgerRoutes(
  auth: AuthOptions,
  ledger: LedgerRepository,
  wake: (keys: string[]) => void,
): Router {
  const router = Router();
  router.use('/api/v1/notifications', requireAuth(auth));
  router.use('/api/v1/dead-letters', requireAuth(auth));
  router.get('/api/v1/notifications', async (req, res) => {
    const q = parseOr400(listQuery, req.query, 'query');
    res.json({ notifications: await ledger.list({ ...q, beforeId: q.before }) });
  });
  router.get('/api/v1/notifications/:id', async (req, res) => {
    const { id } = parseOr400(idParam, req.params, 'path');
    const n = await ledger.get(id);
    if (!n) throw new NotFoundError(`notification ${id} not found`);
    res.json(n);
  });
  router.get('/api/v1/dead-letters', async (req, res) => {
    const q = parseOr400(listQuery, req.query, 'query');
    res.json({ deadLetters: await ledger.list({ ...q, state: 'dead', beforeId: q.before }) });
  });
  router.post('/api/v1/dead-letters/:id/retry', async (req, res) => {
    const { id } = parseOr400(idParam, req.params, 'path');
    const key = await ledger.retryDeadLetter(id);
    if (!key) throw new NotFoundError(`dead letter ${id} not found`);
    wake([key]);
    res.status(202).json({ id, state: 'pending' });
  });
  return router;
}
