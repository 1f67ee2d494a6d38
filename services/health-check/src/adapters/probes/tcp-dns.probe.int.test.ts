import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { runWithTimeout } from '../../scheduler/run-with-timeout';
import { systemClock } from '../../scheduler/system-clock';
import { startDnsServer } from '../../testing/dns-server';
import { createDnsProbe } from './dns.probe';
import { createTcpProbe } from './tcp.probe';

describe('TCP probe against a local port', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it('succeeds while the port accepts connections and fails once it is closed', async () => {
    expect(
      await runWithTimeout(createTcpProbe({ type: 'tcp', host: '127.0.0.1', port }), 1000, systemClock),
    ).toMatchObject({ success: true });
    await new Promise((r) => server.close(r));
    const r = await runWithTimeout(
      createTcpProbe({ type: 'tcp', host: '127.0.0.1', port }),
      1000,
      systemClock,
    );
    expect(r).toMatchObject({
      success: false,
      reason: 'connection',
      error: expect.stringContaining('ECONNREFUSED'),
    });
    server = createServer();
  });
});

describe('DNS probe against a local DNS server', () => {
  let dns: Awaited<ReturnType<typeof startDnsServer>>;

  beforeAll(async () => {
    dns = await startDnsServer({ 'kafka.streamwatch.test': '10.1.2.3' });
  });

  afterAll(() => dns.close());

  const probe = (query: string, expectAddresses: string[] = [], server = dns.address) =>
    runWithTimeout(
      createDnsProbe({ type: 'dns', query, recordType: 'A', server, expectAddresses }, 1000),
      1500,
      systemClock,
    );

  it('resolves an A record through the configured server', async () => {
    expect(await probe('kafka.streamwatch.test', ['10.1.2.3'])).toMatchObject({ success: true });
    expect(dns.queries).toContain('kafka.streamwatch.test');
  });

  it('fails on NXDOMAIN and on an unexpected address', async () => {
    expect(await probe('missing.streamwatch.test')).toMatchObject({ success: false, reason: 'dns' });
    expect(await probe('kafka.streamwatch.test', ['10.9.9.9'])).toMatchObject({
      success: false,
      reason: 'dns',
      error: 'kafka.streamwatch.test resolved to 10.1.2.3, missing 10.9.9.9',
    });
  });

  it('fails when the DNS server does not answer', async () => {
    const silent = await startDnsServer({});
    const addr = silent.address;
    await silent.close();
    const r = await probe('kafka.streamwatch.test', [], addr);
    expect(r.success).toBe(false);
  });
});
