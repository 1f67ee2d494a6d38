import { DependencyError, errorMiddleware, silentLogger } from '@streamwatch/metrics-core';
import express from 'express';
import request from 'supertest';
import { group } from '../test/fixtures';
import { alertmanagerRoutes } from './alertmanager.routes';

function app(accept: () => Promise<{ queued: number; duplicates: number; reminders: number }>) {
  const a = express();
  a.use(alertmanagerRoutes({ basic: { username: 'am', password: 'pw' } }, accept));
  a.use(errorMiddleware(silentLogger()));
  return a;
}

describe('POST /api/v1/alertmanager/webhook', () => {
  const body = { ...group(), version: '4' };
  it('accepts basic auth and answers 200 once queued', async () => {
    const res = await request(app(async () => ({ queued: 1, duplicates: 0, reminders: 0 })))
      .post('/api/v1/alertmanager/webhook')
      .auth('am', 'pw')
      .send(body);
    expect(res.status).toBe(200);
  });
  it('answers 503 when the outbox write fails transiently, so Alertmanager retries', async () => {
    const res = await request(app(async () => Promise.reject(new DependencyError('postgres', 'down'))))
      .post('/api/v1/alertmanager/webhook')
      .auth('am', 'pw')
      .send(body);
    expect(res.status).toBe(503);
  });
  it('answers 400 for a wrong version and 401 without credentials', async () => {
    const a = app(async () => ({ queued: 1, duplicates: 0, reminders: 0 }));
    const bad = await request(a)
      .post('/api/v1/alertmanager/webhook')
      .auth('am', 'pw')
      .send({ ...body, version: '3' });
    expect(bad.status).toBe(400);
    expect(bad.body.reason).toContain('version');
    expect((await request(a).post('/api/v1/alertmanager/webhook').send(body)).status).toBe(401);
  });
});
