import Redis from 'ioredis';
import { failure } from '../../domain/probe-result';
import type { RedisSpec } from '../../domain/target';
import type { Probe } from '../../ports';
import { abortable, errorOutcome } from './classify-error';

/** Opens a fresh connection (AUTH when a password is set), sends PING, expects PONG, disconnects. */
export function createRedisProbe(spec: RedisSpec, timeoutMs: number): Probe {
  return {
    run: async (signal) => {
      const client = new Redis({
        host: spec.host,
        port: spec.port,
        ...(spec.username ? { username: spec.username } : {}),
        ...(spec.password ? { password: spec.password } : {}),
        lazyConnect: true,
        connectTimeout: timeoutMs,
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        retryStrategy: () => null,
      });
      let lastError: unknown;
      client.on('error', (err) => (lastError = err));
      try {
        const reply = await abortable(
          client.connect().then(() => client.ping()),
          signal,
          () => client.disconnect(),
        );
        return reply === 'PONG'
          ? { success: true }
          : failure('error', `unexpected PING reply ${JSON.stringify(reply)}`);
      } catch (err) {
        // ioredis reports e.g. WRONGPASS on the 'error' event and rejects with a generic "Connection is closed."
        return errorOutcome(lastError ?? err);
      } finally {
        client.disconnect();
      }
    },
  };
}
