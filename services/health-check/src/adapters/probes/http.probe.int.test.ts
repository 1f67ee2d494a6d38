import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { HttpSpec } from '../../domain/target';
import { runWithTimeout } from '../../scheduler/run-with-timeout';
import { systemClock } from '../../scheduler/system-clock';
import { selfSignedCert } from '../../testing/tls-cert';
import { createHttpAgents, createHttpProbe } from './http.probe';

const handler: http.RequestListener = (req, res) => {
  if (req.url === '/ready')
    return void res
      .writeHead(200, { 'content-type': 'application/json' })
      .end('{"status":"pass","checks":{"db":[{"status":"pass"}]}}');
  if (req.url === '/degraded')
    return void res.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"fail"}');
  if (req.url === '/text') return void res.end('hello streamwatch');
  if (req.url === '/slow') return void setTimeout(() => res.end('late'), 300);
  if (req.url === '/hang') return; // never answers
  res.writeHead(404).end();
};

const agents = createHttpAgents();
const tls = selfSignedCert(30);
let plain: http.Server;
let secure: https.Server;
let base: string;
let secureBase: string;

beforeAll(async () => {
  plain = http.createServer(handler);
  secure = https.createServer({ key: tls.key, cert: tls.cert }, handler);
  await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => secure.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
  secureBase = `https://127.0.0.1:${(secure.address() as AddressInfo).port}`;
});

afterAll(async () => {
  agents.http.destroy();
  agents.https.destroy();
  plain.closeAllConnections();
  secure.closeAllConnections();
  await new Promise((r) => plain.close(r));
  await new Promise((r) => secure.close(r));
});

function spec(url: string, over: Partial<HttpSpec> = {}): HttpSpec {
  return {
    type: 'http',
    url,
    method: 'GET',
    headers: {},
    expectedStatus: [200],
    tls: { insecureSkipVerify: false },
    ...over,
  };
}

const probe = (s: HttpSpec, timeoutMs = 2000) =>
  runWithTimeout(createHttpProbe(s, agents), timeoutMs, systemClock);

describe('HTTP probe against a local server', () => {
  it('passes on the expected status and JSON-path condition', async () => {
    const r = await probe(spec(`${base}/ready`, { json: { path: '$.checks.db[0].status', equals: 'pass' } }));
    expect(r).toMatchObject({ success: true, httpStatusCode: 200 });
    expect(r.durationSeconds).toBeGreaterThan(0);
    expect(r.sslEarliestCertExpiry).toBeUndefined();
  });

  it('fails on an unexpected status, a missing substring or a JSON mismatch', async () => {
    expect(await probe(spec(`${base}/degraded`))).toMatchObject({
      success: false,
      reason: 'unexpected_status',
      httpStatusCode: 503,
      error: 'status 503, expected 200',
    });
    expect(
      await probe(
        spec(`${base}/degraded`, { expectedStatus: [503], json: { path: '$.status', equals: 'pass' } }),
      ),
    ).toMatchObject({
      success: false,
      reason: 'body_mismatch',
      error: '$.status is "fail", expected "pass"',
    });
    expect(await probe(spec(`${base}/text`, { bodyContains: 'streamwatch' }))).toMatchObject({
      success: true,
    });
    expect(await probe(spec(`${base}/text`, { bodyContains: 'grafana' }))).toMatchObject({
      success: false,
      reason: 'body_mismatch',
    });
  });

  it('fails when slower than the response-time threshold', async () => {
    expect(await probe(spec(`${base}/slow`, { maxResponseTimeMs: 100 }))).toMatchObject({
      success: false,
      reason: 'slow_response',
    });
    expect(await probe(spec(`${base}/slow`, { maxResponseTimeMs: 2000 }))).toMatchObject({ success: true });
  });

  it('cuts a hanging server at the timeout', async () => {
    const started = Date.now();
    const r = await probe(spec(`${base}/hang`), 300);
    expect(r).toMatchObject({ success: false, reason: 'timeout', error: 'timed out after 300 ms' });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('reports connection refused', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const r = await probe(spec(`http://127.0.0.1:${port}/`));
    expect(r).toMatchObject({
      success: false,
      reason: 'connection',
      error: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('reads the certificate expiry over HTTPS with a trusted CA, and fails TLS otherwise', async () => {
    const trusted = await probe(
      spec(`${secureBase}/ready`, { tls: { insecureSkipVerify: false, ca: tls.cert } }),
    );
    expect(trusted).toMatchObject({
      success: true,
      httpStatusCode: 200,
      sslEarliestCertExpiry: tls.notAfterSeconds,
    });
    const untrusted = await probe(spec(`${secureBase}/ready`));
    expect(untrusted).toMatchObject({ success: false, reason: 'tls' });
    const skipped = await probe(spec(`${secureBase}/ready`, { tls: { insecureSkipVerify: true } }));
    expect(skipped).toMatchObject({ success: true, sslEarliestCertExpiry: tls.notAfterSeconds });
  });
});
