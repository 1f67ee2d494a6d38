import {
  freePort,
  httpStatus,
  startService,
  waitReady,
  type ServiceProcess,
} from '@streamwatch/test-support';
import { entryOf, serviceEnv, SERVICES } from './services';

describe.each(SERVICES)('%s against the real infrastructure', (service) => {
  let proc: ServiceProcess;

  beforeAll(async () => {
    proc = startService(entryOf(service), serviceEnv(service), await freePort());
    await waitReady(proc);
  });

  afterAll(async () => {
    await proc?.stop('SIGKILL');
  });

  it('answers /health/ready with pass and every dependency check', async () => {
    const res = await fetch(`${proc.url}/health/ready`);
    expect(res.headers.get('content-type')).toContain('application/health+json');
    const body = (await res.json()) as { status: string; checks: Record<string, Array<{ status: string }>> };
    expect(body.status).toBe('pass');
    expect(body.checks['kafka:responseTime']?.[0]?.status).toBe('pass');
    if (service === 'rule-evaluator' || service === 'notifier') {
      expect(body.checks['redis:responseTime']?.[0]?.status).toBe('pass');
      expect(body.checks['postgres:responseTime']?.[0]?.status).toBe('pass');
    }
  });

  it('answers /health/live and /health with application/health+json', async () => {
    expect(await httpStatus(`${proc.url}/health/live`)).toBe(200);
    const res = await fetch(`${proc.url}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/health+json');
  });

  it('exposes RED and process metrics on /metrics, labelled by route template', async () => {
    const res = await fetch(`${proc.url}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(
      new RegExp(
        `http_requests_total\\{method="GET",route="/health/ready",status_code="200",service="${service}"\\} \\d+`,
      ),
    );
    expect(text).toContain('http_request_duration_seconds_bucket');
    expect(text).toContain('http_requests_in_flight');
    expect(text).toContain('process_cpu_seconds_total');
  });

  it('stops cleanly on SIGTERM within its deadline', async () => {
    const started = Date.now();
    const code = await proc.stop('SIGTERM');
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(proc.output()).toContain('shutting down');
  });
});
