import { requireAuth, ValidationError, type AuthOptions } from '@streamwatch/metrics-core';
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { verifyAck } from '../domain/signing';
import type { Clock } from '../ports';
import { confirmPage, doneHtml, sendPage, type SignedAck } from './ack-page';
import { apiText, parseOr400 } from './validate';

const signed = {
  fp: apiText(256).pipe(z.string().min(1)),
  exp: z.coerce.number().int().positive(),
  sig: apiText(200).pipe(z.string().min(1)),
};
const linkQuery = z.object(signed);
const linkForm = z.object({ ...signed, by: apiText(100).optional() }).strict();
const ackBody = z.object({ by: apiText(200).default('api') });
const fingerprintParam = z.object({ fingerprint: apiText(256).pipe(z.string().min(1)) });

export interface AckDeps {
  auth: AuthOptions;
  ack: (fingerprint: string, by: string) => Promise<number>;
  ackSecret: string | undefined;
  clock: Clock;
}

/**
 * Stops escalation of an alert: via the token-protected API, or via the signed link in a message. The
 * link (GET) only shows a confirmation page; the acknowledgement is its form's POST of the same
 * signed parameters, so a scanner or preview opening the link acknowledges nothing.
 */
export function ackRoutes(d: AckDeps): Router {
  const router = Router();
  router.post('/api/v1/alerts/:fingerprint/ack', requireAuth(d.auth), express.json(), async (req, res) => {
    const { fingerprint } = parseOr400(fingerprintParam, req.params, 'path');
    const { by } = parseOr400(ackBody, req.body ?? {}, 'body');
    const stopped = await d.ack(fingerprint, by);
    res.json({ fingerprint, acknowledged: stopped });
  });

  /** Checks the HMAC (constant time) and expiry; answers 403 itself and returns false when they fail. */
  const verified = (q: SignedAck, res: Response): boolean => {
    if (!d.ackSecret)
      throw new ValidationError('signed acknowledgement links are disabled (ACK_SECRET unset)');
    const check = verifyAck(d.ackSecret, q.fp, q.exp, q.sig, Math.floor(d.clock.now() / 1000));
    if (check === 'ok') return true;
    const why = check === 'expired' ? 'This link has expired.' : 'This link is not valid.';
    sendPage(res, 403, 'Cannot acknowledge', `<p>${why}</p>`);
    return false;
  };

  router.get('/api/v1/ack', (req: Request, res: Response) => {
    const q = parseOr400(linkQuery, req.query, 'query');
    if (verified(q, res)) sendPage(res, 200, 'Acknowledge alert', confirmPage(q));
  });
  router.post(
    '/api/v1/ack',
    express.urlencoded({ extended: false, limit: '4kb' }),
    async (req: Request, res: Response) => {
      const q = parseOr400(linkForm, { ...req.query, ...(req.body ?? {}) }, 'form');
      if (!verified(q, res)) return;
      const name = q.by?.trim();
      const stopped = await d.ack(q.fp, name ? `${name} (link)` : 'link');
      sendPage(res, 200, 'Acknowledged', doneHtml(q.fp, stopped));
    },
  );
  return router;
}
