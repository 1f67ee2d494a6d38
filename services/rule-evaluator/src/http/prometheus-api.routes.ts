import { Router } from 'express';
import type { LoadedRule } from '../streaming/loaded-rule';
import { alertJson, groupsJson } from './prometheus-format';

/** Prometheus-compatible read API: `GET /api/v1/rules` (optional `type=alert|record`) and `GET /api/v1/alerts`. */
export function prometheusApiRoutes(rules: () => readonly LoadedRule[]): Router {
  const router = Router();
  router.get('/api/v1/rules', (req, res) => {
    const type = req.query.type === 'alert' || req.query.type === 'record' ? req.query.type : undefined;
    if (req.query.type !== undefined && !type) {
      res
        .status(400)
        .json({ status: 'error', errorType: 'bad_data', error: 'type must be "alert" or "record"' });
      return;
    }
    res.json({ status: 'success', data: { groups: groupsJson(rules(), type) } });
  });
  router.get('/api/v1/alerts', (_req, res) => {
    const alerts = rules().flatMap((r) =>
      (r.alerting?.activeAlerts() ?? []).filter((a) => a.state !== 'inactive').map(alertJson),
    );
    res.json({ status: 'success', data: { alerts } });
  });
  return router;
}
