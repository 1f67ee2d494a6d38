import type { SampleSource } from '@streamwatch/metrics-core';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { RequestRejectionReason } from '../domain/rejection';
import { RequestRejection } from '../ingest/http-rejection';
import type { CollectorMetrics } from '../metrics';

const BODY_PARSER_REASONS: Record<string, RequestRejectionReason> = {
  'entity.too.large': 'body_too_large',
  'entity.parse.failed': 'malformed_body',
  'encoding.unsupported': 'unsupported_encoding',
  'charset.unsupported': 'unsupported_encoding',
  'request.aborted': 'malformed_body',
};

/** Counts 401s from the auth middleware, which answers by itself. */
export function countUnauthorized(metrics: CollectorMetrics, source: SampleSource): RequestHandler {
  return (_req, res, next) => {
    res.once('finish', () => {
      if (res.statusCode === 401) metrics.requestsRejected.inc({ source, reason: 'unauthorized' });
    });
    next();
  };
}

/** Counts whole-request rejections (ours and body-parser's), then lets the shared error middleware answer. */
export function countRequestRejections(metrics: CollectorMetrics, source: SampleSource): ErrorRequestHandler {
  return (err, _req, _res, next) => {
    const reason =
      err instanceof RequestRejection ? err.type : BODY_PARSER_REASONS[(err as { type?: string }).type ?? ''];
    if (reason && reason !== 'too_many_samples') metrics.requestsRejected.inc({ source, reason });
    next(err);
  };
}
