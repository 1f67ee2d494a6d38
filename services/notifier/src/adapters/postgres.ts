import { Pool } from 'pg';
import type { Logger } from 'pino';

export function createPostgresPool(connectionString: string, logger: Logger, max = 10): Pool {
  const pool = new Pool({ connectionString, max, connectionTimeoutMillis: 2000, idleTimeoutMillis: 30_000 });
  const log = logger.child({ component: 'postgres' });
  pool.on('error', (err) => log.warn({ err: err.message }, 'idle postgres client error'));
  return pool;
}
