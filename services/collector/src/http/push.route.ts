import express, { Router, type RequestHandler } from 'express';
import { attachSeries, parsePushEntries, pushEntries } from '../domain/json-push';
import { RequestRejection } from '../ingest/http-rejection';
import type { Ingestor } from '../ingest/ingestor';
import type { CollectorMetrics } from '../metrics';
import type { Clock } from '../ports';
import { answerOutcome } from './rejection-response';
import { countRequestRejections, countUnauthorized } from './request-rejections';

export interface PushRouteDeps {
  ingestor: Ingestor;
  auth: RequestHandler;
  metrics: CollectorMetrics;
  clock: Clock;
  maxBodyBytes: number;
}

/** `POST /api/v1/samples`: a JSON array of samples, or `{ "samples": [...] }`. */
export function pushRoute(deps: PushRouteDeps): Router {
  const router = Router();
  router.post(
    '/api/v1/samples',
    countUnauthorized(deps.metrics, 'push'),
    deps.auth,
    express.json({ limit: deps.maxBodyBytes, type: () => true, strict: false }),
    async (req, res) => {
      const receivedMs = deps.clock.now();
      const entries = pushEntries(req.body);
      if (!entries)
        throw new RequestRejection(
          400,
          'malformed_body',
          'body must be a JSON array of samples or {"samples": [...]}',
        );
      deps.ingestor.assertRequestSize(entries.length, 'push');
      const parsed = parsePushEntries(entries, receivedMs);
      attachSeries(parsed.samples, deps.ingestor.catalog);
      answerOutcome(res, await deps.ingestor.ingest(parsed.samples, parsed.rejections, 'push'));
    },
  );
  router.use(countRequestRejections(deps.metrics, 'push'));
  return router;
}
