import Redis from 'ioredis';
import type { Logger } from 'pino';

/**
 * A Redis client for a service: fails commands fast while disconnected instead of queueing them (so
 * readiness and callers see the outage at once), keeps reconnecting, and logs each distinct error once.
 */
export function createRedis(url: string, logger: Logger): Redis {
  const log = logger.child({ component: 'redis' });
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    lazyConnect: true,
  });
  let lastError = '';
  redis.on('error', (err: Error) => {
    if (err.message !== lastError) log.warn({ err: err.message }, 'redis error');
    lastError = err.message;
  });
  redis.on('ready', () => {
    lastError = '';
    log.info('redis ready');
  });
  return redis;
}
