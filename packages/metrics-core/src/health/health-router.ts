import { Router, type RequestHandler, type Response } from 'express';
import { runHealthChecks, type DependencyCheck, type HealthReport } from './health';

export interface HealthRouterOptions {
  serviceId: string;
  version: string;
  description?: string;
  checks: DependencyCheck[];
  /** A fatal process state (e.g. shutdown in progress makes readiness fail, not liveness). */
  isShuttingDown?: () => boolean;
}

const HEALTH_JSON = 'application/health+json';

function send(res: Response, code: number, body: object): void {
  res.status(code).type(HEALTH_JSON).send(JSON.stringify(body));
}

/**
 * `/health/live`: the process only. `/health/ready`: critical dependencies, 503 when one fails.
 * `/health`: the full draft-inadarei-api-health-check document.
 */
export function createHealthRouter(opts: HealthRouterOptions): Router {
  const router = Router();
  const meta = {
    serviceId: opts.serviceId,
    version: opts.version,
    description: opts.description ?? opts.serviceId,
  };
  const report = async (): Promise<HealthReport> => {
    const r = await runHealthChecks(opts.checks);
    if (opts.isShuttingDown?.()) r.status = 'fail';
    return r;
  };

  router.get('/health/live', (_req, res) => send(res, 200, { status: 'pass', ...meta }));

  const detailed: RequestHandler = async (_req, res) => {
    const r = await report();
    send(res, r.status === 'fail' ? 503 : 200, { status: r.status, ...meta, checks: r.checks });
  };
  router.get('/health/ready', detailed);
  router.get('/health', detailed);

  return router;
}
