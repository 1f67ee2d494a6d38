import { spawn, type ChildProcess } from 'node:child_process';
import {
  freePort,
  httpStatus,
  startService,
  waitFor,
  waitReady,
  type ServiceProcess,
} from '@streamwatch/test-support';
import { entryOf, serviceEnv } from './services';

/** A private redis-server, so stopping it disturbs nobody else's tests. */
function startRedis(port: number, password: string): ChildProcess {
  return spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--requirepass',
      password,
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    {
      stdio: 'ignore',
    },
  );
}

async function stopProcess(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise((r) => p.once('exit', r));
  p.kill('SIGTERM');
  await exited;
}

describe('readiness follows Redis', () => {
  let redis: ChildProcess;
  let svc: ServiceProcess;
  const password = 'it-redis-pass';

  afterAll(async () => {
    await svc?.stop('SIGKILL');
    if (redis) await stopProcess(redis);
  });

  it('fails within 5 s of stopping Redis and passes again after it restarts', async () => {
    const redisPort = await freePort();
    redis = startRedis(redisPort, password);
    const redisUrl = `redis://default:${password}@127.0.0.1:${redisPort}/0`;
    svc = startService(
      entryOf('notifier'),
      serviceEnv('notifier', { REDIS_URL: redisUrl }),
      await freePort(),
    );
    const ready = `${svc.url}/health/ready`;
    await waitReady(svc);

    await stopProcess(redis);
    const failedAfterMs = await waitFor(async () => (await httpStatus(ready)) === 503, 5_000, 100);
    expect(failedAfterMs).toBeLessThan(5_000);
    expect(await httpStatus(`${svc.url}/health/live`)).toBe(200);

    redis = startRedis(redisPort, password);
    await waitFor(async () => (await httpStatus(ready)) === 200, 15_000, 200);
  });
});
