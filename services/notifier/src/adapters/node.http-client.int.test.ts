import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '@streamwatch/test-support';
import { NodeHttpClient } from './node.http-client';

describe('NodeHttpClient against a real HTTP server', () => {
  let server: Server;
  let base: string;
  const hits: Array<{ url: string; body: string; headers: Record<string, unknown> }> = [];
  const client = new NodeHttpClient();

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        hits.push({ url: req.url ?? '', body, headers: req.headers });
        if (req.url === '/redirect') return res.writeHead(302, { location: `${base}/elsewhere` }).end();
        if (req.url === '/slow') return void setTimeout(() => res.end('late'), 1000);
        if (req.url === '/huge') return res.end(Buffer.alloc(1_100_000, 'x'));
        res.writeHead(201, { 'retry-after': '7', 'x-multi': ['a', 'b'] }).end('{"ok":true}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('posts the body with its headers and returns status, lower-case headers and body', async () => {
    const res = await client.post(
      `${base}/ok?q=1`,
      '{"a":"é"}',
      { 'content-type': 'application/json', 'X-Key': 'k1' },
      2000,
    );
    expect(res).toEqual({
      status: 201,
      headers: expect.objectContaining({ 'retry-after': '7', 'x-multi': 'a, b' }),
      body: '{"ok":true}',
    });
    expect(hits.at(-1)).toMatchObject({
      url: '/ok?q=1',
      body: '{"a":"é"}',
      headers: expect.objectContaining({ 'x-key': 'k1', 'content-length': '10' }),
    });
  });

  it('never follows a redirect', async () => {
    const before = hits.length;
    expect((await client.post(`${base}/redirect`, '{}', {}, 2000)).status).toBe(302);
    expect(hits.slice(before).map((h) => h.url)).toEqual(['/redirect']);
  });

  it('reports a timeout, a refused connection and an oversized answer as transport errors', async () => {
    await expect(client.post(`${base}/slow`, '{}', {}, 100)).rejects.toMatchObject({
      name: 'HttpTransportError',
      reason: 'timeout',
    });
    await expect(client.post(`http://127.0.0.1:${await freePort()}/x`, '{}', {}, 1000)).rejects.toMatchObject(
      { reason: 'network', message: expect.stringContaining('ECONNREFUSED') },
    );
    await expect(client.post(`${base}/huge`, '{}', {}, 2000)).rejects.toMatchObject({
      reason: 'network',
      message: expect.stringContaining('1 MB'),
    });
  });
});
