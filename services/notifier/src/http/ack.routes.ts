import { requireAuth, ValidationError, type AuthOptions } from '@streamwatch/metrics-core';
import express, { Router } from 'express';
import { z } from 'zod';
import { verifyAck } from '../domain/signing';
import type { Clock } from '../ports';
import { apiText, parseOr400 } from './validate';

const linkQuery = z.object({
  fp: apiText(256).pipe(z.string().min(1)),
  exp: z.coerce.number().int().positive(),
  sig: apiText(200).pipe(z.string().min(1)),
});
const ackBody = z.object({ by: apiText(200).default('api') });
const fingerprintParam = z.object({ fingerprint: apiText(256).pipe(z.string().min(1)) });

export interface AckDeps {
  auth: AuthOptions;
  ack: (fingerprint: string, by: string) => Promise<number>;
  ackSecret: string | undefined;
  clock: Clock;
}

/** Stops escalation of an alert: via the token-protected API, or via the signed link in a message. */
export function ackRoutes(d: AckDeps): Router {
  const router = Router();
  router.post('/api/v1/alerts/:fingerprint/ack', requireAuth(d.auth), express.json(), async (req, res) => {
    const { fingerprint } = parseOr400(fingerprintParam, req.params, 'path');
    const { by } = parseOr400(ackBody, req.body ?? {}, 'body');
    const stopped = await d.ack(fingerprint, by);
    res.json({ fingerprint, acknowledged: stopped });
  });
  router.get('/api/v1/ack', async (req, res) => {
    if (!d.ackSecret)
      throw new ValidationError('signed acknowledgement links are disabled (ACK_SECRET unset)');
    const q = parseOr400(linkQuery, req.query, 'query');
    const check = verifyAck(d.ackSecret, q.fp, q.exp, q.sig, Math.floor(d.clock.now() / 1000));
    if (check !== 'ok') {
      res
        .status(403)
        .json({ error: 'Forbidden', reason: check === 'expired' ? 'link expired' : 'invalid signature' });
      return;
    }
    const stopped = await d.ack(q.fp, 'link');
    res.type('text/plain').send(`Acknowledged alert ${q.fp} (${stopped} escalation(s) stopped).`);
  });
  return router;
}
