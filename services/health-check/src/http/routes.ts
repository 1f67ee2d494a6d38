import { NotFoundError, ValidationError } from '@streamwatch/metrics-core';
import { Router } from 'express';
import type { TargetStatus } from '../domain/status-board';
import { systemHealth } from '../domain/system-health';
import { renderStatusPage } from './status-page';
import { targetView } from './target-view';

export interface StatusRoutesDeps {
  snapshot(): TargetStatus[];
  now(): number;
  historyLimit: number;
  refreshSeconds: number;
}

function parseLimit(raw: unknown, max: number): number {
  if (raw === undefined) return max;
  const n = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || n > max)
    throw new ValidationError(`history must be an integer from 0 to ${max}`, {
      details: [{ field: 'history', message: `expected 0..${max}` }],
    });
  return n;
}

/**
 * `GET /` status page, `GET /api/v1/targets[/:name]?history=N`, and `GET /api/v1/health`: the aggregate
 * of every target as application/health+json (the service's own health stays at /health*).
 */
export function statusRoutes(deps: StatusRoutesDeps): Router {
  const router = Router();

  router.get('/', (_req, res) => {
    const targets = deps.snapshot();
    const html = renderStatusPage(targets, systemHealth(targets, deps.now()), {
      nowMs: deps.now(),
      refreshSeconds: deps.refreshSeconds,
    });
    res.type('html').set('Cache-Control', 'no-store').send(html);
  });

  router.get('/api/v1/targets', (req, res) => {
    const limit = parseLimit(req.query.history, deps.historyLimit);
    res.json({ targets: deps.snapshot().map((t) => targetView(t, limit)) });
  });

  router.get('/api/v1/targets/:name', (req, res) => {
    const limit = parseLimit(req.query.history, deps.historyLimit);
    const target = deps.snapshot().find((t) => t.name === req.params.name);
    if (!target) throw new NotFoundError(`no target named ${req.params.name}`);
    res.json(targetView(target, limit));
  });

  router.get('/api/v1/health', (_req, res) => {
    const report = systemHealth(deps.snapshot(), deps.now());
    res
      .status(report.status === 'fail' ? 503 : 200)
      .type('application/health+json')
      .set('Cache-Control', 'no-store')
      .send(JSON.stringify(report));
  });

  return router;
}
