import express, { Router, type RequestHandler } from 'express';
import { NotFoundError, ValidationError } from '@streamwatch/metrics-core';
import type { RuleGroupRepository } from '../ports';
import { storedGroupText, type RuleCompiler } from '../streaming/rule-loader';
import { groupFromBody, validationBody } from './rule-group.request';

export interface RuleGroupRoutesDeps {
  repository: RuleGroupRepository;
  compiler: RuleCompiler;
  auth: RequestHandler;
  /** Called after a write so this instance applies it at once (others poll). */
  changed: () => Promise<unknown>;
}

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];
const view = (g: { name: string; body: unknown; version: number; updatedAt: Date }) => ({
  name: g.name,
  group: g.body,
  version: g.version,
  updatedAt: g.updatedAt.toISOString(),
});

/** CRUD for rule groups stored in PostgreSQL, plus `POST /api/v1/rule-groups/validate`. */
export function ruleGroupRoutes(deps: RuleGroupRoutesDeps): Router {
  const router = Router();
  const body = [express.json({ limit: '1mb' }), express.text({ type: YAML_TYPES, limit: '1mb' })];

  const check = (raw: unknown, name?: string) => {
    const group = groupFromBody(raw, name);
    const text = typeof raw === 'string' ? raw : storedGroupText(group.body);
    return { ...group, rules: deps.compiler.compile(text, 'api', `api:${group.name}`).length };
  };

  const handle =
    (fn: RequestHandler): RequestHandler =>
    async (req, res, next) => {
      try {
        await fn(req, res, next);
      } catch (err) {
        if (err instanceof ValidationError) res.status(400).json(validationBody(err));
        else next(err);
      }
    };

  router.post(
    '/api/v1/rule-groups/validate',
    body,
    handle((req, res) => void res.json({ valid: true, rules: check(req.body).rules })),
  );

  router.get(
    '/api/v1/rule-groups',
    handle(async (_req, res) => void res.json({ groups: (await deps.repository.list()).map(view) })),
  );

  router.get(
    '/api/v1/rule-groups/:name',
    handle(async (req, res) => {
      const g = await deps.repository.get(String(req.params.name));
      if (!g) throw new NotFoundError(`rule group "${String(req.params.name)}" not found`);
      res.json(view(g));
    }),
  );

  router.post(
    '/api/v1/rule-groups',
    deps.auth,
    body,
    handle(async (req, res) => {
      const g = check(req.body);
      if (await deps.repository.get(g.name)) {
        res
          .status(409)
          .json({ error: 'Conflict', reason: `rule group "${g.name}" exists; use PUT to replace it` });
        return;
      }
      const { group } = await deps.repository.upsert(g.name, g.body);
      await deps.changed();
      res.status(201).json(view(group));
    }),
  );

  router.put(
    '/api/v1/rule-groups/:name',
    deps.auth,
    body,
    handle(async (req, res) => {
      const g = check(req.body, String(req.params.name));
      const { group, created } = await deps.repository.upsert(g.name, g.body);
      await deps.changed();
      res.status(created ? 201 : 200).json(view(group));
    }),
  );

  router.delete(
    '/api/v1/rule-groups/:name',
    deps.auth,
    handle(async (req, res) => {
      if (!(await deps.repository.remove(String(req.params.name))))
        throw new NotFoundError(`rule group "${String(req.params.name)}" not found`);
      await deps.changed();
      res.status(204).end();
    }),
  );
  return router;
}
