import { Router, type RequestHandler } from 'express';
import { readWriteRequest } from '../adapters/remote-write.codec';
import { screenWrite } from '../adapters/remote-write.reader';
import { ReusedBuffer } from '../adapters/reused-buffer';
import { RequestRejection } from '../ingest/http-rejection';
import type { Ingestor } from '../ingest/ingestor';
import type { CollectorMetrics } from '../metrics';
import { readRawBody } from './raw-body';
import { answerOutcome } from './rejection-response';
import { countRequestRejections, countUnauthorized } from './request-rejections';

export interface WriteRouteDeps {
  ingestor: Ingestor;
  auth: RequestHandler;
  metrics: CollectorMetrics;
  maxBodyBytes: number;
  maxDecodedBytes: number;
}

/** `POST /api/v1/write`: Prometheus remote write 1.0 (snappy block + protobuf WriteRequest). */
export function writeRoute(deps: WriteRouteDeps): Router {
  const router = Router();
  // each body is decoded, scanned and screened synchronously, so one buffer serves every request
  const decoded = new ReusedBuffer();
  router.post(
    '/api/v1/write',
    countUnauthorized(deps.metrics, 'remote_write'),
    deps.auth,
    async (req, res) => {
      const encoding = (req.headers['content-encoding'] ?? 'snappy').toLowerCase();
      if (encoding !== 'snappy')
        throw new RequestRejection(
          415,
          'unsupported_encoding',
          `Content-Encoding "${encoding}" not supported; remote write 1.0 uses snappy`,
        );
      const body = await readRawBody(req, deps.maxBodyBytes);
      const request = readWriteRequest(body, deps.maxDecodedBytes, deps.ingestor.catalog, decoded);
      deps.ingestor.assertRequestSize(request.total, 'remote_write');
      const screen = deps.ingestor.screen();
      screenWrite(request, request.resolved, screen);
      answerOutcome(res, await deps.ingestor.ingestScreened(request.total, screen, 'remote_write'));
    },
  );
  router.use(countRequestRejections(deps.metrics, 'remote_write'));
  return router;
}
