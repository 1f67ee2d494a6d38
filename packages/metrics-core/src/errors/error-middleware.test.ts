import express from 'express';
import request from 'supertest';
import { silentLogger } from '../log/logger';
import { errorMiddleware } from './error-middleware';
import { DependencyError, NotFoundError, OverloadedError, ValidationError } from './errors';

function app(err: Error) {
  const a = express();
  a.use(express.json({ limit: '1kb' }));
  a.post('/json', (_req, res) => {
    res.json({ ok: true });
  });
  a.get('/err', () => {
    throw err;
  });
  a.use(errorMiddleware(silentLogger()));
  return a;
}

describe('errorMiddleware', () => {
  it.each([
    [new ValidationError('labels.job: empty', { details: [{ field: 'labels.job', message: 'empty' }] }), 400],
    [new NotFoundError('rule 7 not found'), 404],
    [new DependencyError('kafka', 'broker down', { retriable: true }), 503],
    [new DependencyError('smtp', 'rejected', { retriable: false }), 502],
    [new OverloadedError('buffer full', 2), 503],
  ])('maps %s to %i with a JSON reason', async (err, status) => {
    const res = await request(app(err)).get('/err').expect(status);
    expect(res.body.reason).toBe(err.message);
    expect(res.body.error).toBe(err.name);
  });

  it('sets Retry-After on overload and lists details on validation errors', async () => {
    const res = await request(app(new OverloadedError('full', 3))).get('/err');
    expect(res.headers['retry-after']).toBe('3');
    const v = await request(
      app(new ValidationError('bad', { details: [{ field: 'name', message: 'x' }] })),
    ).get('/err');
    expect(v.body.details).toEqual([{ field: 'name', message: 'x' }]);
  });

  it('hides unexpected errors behind a 500', async () => {
    const res = await request(app(new Error('secret internals')))
      .get('/err')
      .expect(500);
    expect(res.body.reason).toBe('internal error');
  });

  it('answers malformed and oversized JSON with 4xx', async () => {
    const a = app(new Error());
    const bad = await request(a)
      .post('/json')
      .set('Content-Type', 'application/json')
      .send('{"a":')
      .expect(400);
    expect(bad.body.error).toBe('entity.parse.failed');
    await request(a)
      .post('/json')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ a: 'x'.repeat(5000) }))
      .expect(413);
  });
});
