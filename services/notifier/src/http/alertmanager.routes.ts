import { requireAuth, type AuthOptions } from '@streamwatch/metrics-core';
import express, { Router } from 'express';
import type { AlertGroup } from '../domain/alert-group';
import type { IntakeResult } from '../delivery/intake';
import { parseOr400 } from './validate';
import { webhookPayloadSchema } from './webhook.schema';

/** `POST /api/v1/alertmanager/webhook`: 200 only once the notification's outbox rows are committed. */
export function alertmanagerRoutes(
  auth: AuthOptions,
  accept: (g: AlertGroup) => Promise<IntakeResult>,
): Router {
  const router = Router();
  router.post(
    '/api/v1/alertmanager/webhook',
    requireAuth(auth),
    express.json({ limit: '10mb' }),
    async (req, res) => {
      const group = parseOr400(webhookPayloadSchema, req.body, 'Alertmanager payload');
      const result = await accept(group);
      res.status(200).json({ status: 'queued', ...result });
    },
  );
  return router;
}
