import { freePort, nativeEnv } from '@streamwatch/test-support';
import { runWithTimeout } from '../../scheduler/run-with-timeout';
import { systemClock } from '../../scheduler/system-clock';
import { createKafkaProbe } from './kafka.probe';
import { createPostgresProbe } from './postgres.probe';
import { createRedisProbe } from './redis.probe';

const env = nativeEnv();
const run = (p: Parameters<typeof runWithTimeout>[0]) => runWithTimeout(p, 5000, systemClock);

describe('Redis probe against the real Redis', () => {
  const spec = { type: 'redis' as const, host: env.REDIS_HOST as string, port: Number(env.REDIS_PORT) };

  it('PINGs with the password', async () => {
    expect(await run(createRedisProbe({ ...spec, password: env.REDIS_PASSWORD }, 2000))).toMatchObject({
      success: true,
    });
  });

  it('fails with a wrong password or no server', async () => {
    const wrong = await run(createRedisProbe({ ...spec, password: 'not-the-password' }, 2000));
    expect(wrong).toMatchObject({ success: false });
    expect(wrong.error).toMatch(/WRONGPASS|invalid|NOAUTH/i);
    const closed = await run(
      createRedisProbe({ ...spec, port: await freePort(), password: env.REDIS_PASSWORD }, 2000),
    );
    expect(closed).toMatchObject({ success: false, reason: 'connection' });
  });
});

describe('PostgreSQL probe against the real PostgreSQL', () => {
  const spec = {
    type: 'postgres' as const,
    host: env.POSTGRES_HOST as string,
    port: Number(env.POSTGRES_PORT),
    user: env.POSTGRES_USER as string,
    database: env.POSTGRES_DB as string,
  };

  it('runs SELECT 1', async () => {
    expect(await run(createPostgresProbe({ ...spec, password: env.POSTGRES_PASSWORD }, 2000))).toMatchObject({
      success: true,
    });
  });

  it('fails with a wrong password or no server', async () => {
    const wrong = await run(createPostgresProbe({ ...spec, password: 'not-the-password' }, 2000));
    expect(wrong).toMatchObject({
      success: false,
      error: expect.stringMatching(/password authentication failed/),
    });
    const closed = await run(
      createPostgresProbe({ ...spec, port: await freePort(), password: env.POSTGRES_PASSWORD }, 2000),
    );
    expect(closed).toMatchObject({ success: false, reason: 'connection' });
  });
});

describe('Kafka probe against the real Kafka', () => {
  const brokers = (env.KAFKA_BROKERS as string).split(',');

  it('reads metadata and finds an existing topic', async () => {
    const probe = createKafkaProbe({ type: 'kafka', brokers }, 4000);
    expect(await run(probe)).toMatchObject({ success: true });
    const admin = createKafkaProbe({ type: 'kafka', brokers, topic: '__consumer_offsets' }, 4000);
    expect(await run(admin)).toMatchObject({ success: true });
  });

  it('fails when the topic is missing or no broker answers', async () => {
    const missing = await run(
      createKafkaProbe({ type: 'kafka', brokers, topic: `hc-missing-${Date.now()}` }, 4000),
    );
    expect(missing).toMatchObject({ success: false, reason: 'missing_topic' });
    const down = await run(
      createKafkaProbe({ type: 'kafka', brokers: [`127.0.0.1:${await freePort()}`] }, 2000),
    );
    expect(down.success).toBe(false);
  });
});
