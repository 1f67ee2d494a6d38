import express from 'express';
import request from 'supertest';
import { requireAuth, secretsEqual } from './auth';

function app(opts: Parameters<typeof requireAuth>[0]) {
  const a = express();
  a.post('/x', requireAuth(opts), (_req, res) => {
    res.status(204).end();
  });
  return a;
}

describe('requireAuth', () => {
  it('compares secrets exactly', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abd')).toBe(false);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
  });

  it('accepts the bearer token and rejects others with 401', async () => {
    const a = app({ bearerToken: 'tok-123' });
    await request(a).post('/x').set('Authorization', 'Bearer tok-123').expect(204);
    const bad = await request(a).post('/x').set('Authorization', 'Bearer tok-124').expect(401);
    expect(bad.body.reason).toBe('invalid credentials');
    const missing = await request(a).post('/x').expect(401);
    expect(missing.body.reason).toBe('missing Authorization header');
    expect(missing.headers['www-authenticate']).toContain('Bearer');
    await request(a)
      .post('/x')
      .set('Authorization', 'Basic ' + Buffer.from('u:tok-123').toString('base64'))
      .expect(401);
  });

  it('accepts basic auth when configured', async () => {
    const a = app({ basic: { username: 'am', password: 'pw' } });
    await request(a)
      .post('/x')
      .set('Authorization', 'Basic ' + Buffer.from('am:pw').toString('base64'))
      .expect(204);
    await request(a)
      .post('/x')
      .set('Authorization', 'Basic ' + Buffer.from('am:px').toString('base64'))
      .expect(401);
    await request(a)
      .post('/x')
      .set('Authorization', 'Basic ' + Buffer.from('an:pw').toString('base64'))
      .expect(401);
    await request(a).post('/x').set('Authorization', 'Basic !!!').expect(401);
  });

  it('is open only when nothing is configured', async () => {
    await request(app({})).post('/x').expect(204);
  });
});
