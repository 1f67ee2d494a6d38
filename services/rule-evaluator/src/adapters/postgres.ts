import { Pool } from 'pg';
import type { Logger } from 'pino';

export function createPostgresPool(connectionString: string, logger: Logger, max = 10): Pool {
  const pool = new Pool({ connectionString, max, connectionTimeoutMillis: 2000, idleTimeoutMillis: 30_000 });
  const log = logger.child({ component: 'postgres' });
  pool.on('error', (err) => log.warn({ err: err.message }, 'idle postgres client error'));
  return pool;
}

/** Own migration bookkeeping table: services share one database, and their version numbers collide. */
export const MIGRATIONS_TABLE = 'rule_evaluator_schema_migrations';
