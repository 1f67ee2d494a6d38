import { DependencyError } from '@streamwatch/metrics-core';
import { Pool, type PoolClient } from 'pg';
import type { Logger } from 'pino';

/** A pool whose sessions use the notifier's own schema, so its tables never collide with other services'. */
export function createPostgresPool(
  connectionString: string,
  logger: Logger,
  opts: { max?: number; schema: string },
): Pool {
  const pool = new Pool({
    connectionString,
    max: opts.max ?? 10,
    connectionTimeoutMillis: 2000,
    idleTimeoutMillis: 30_000,
    options: `-c search_path=${opts.schema}`,
  });
  const log = logger.child({ component: 'postgres' });
  pool.on('error', (err) => log.warn({ err: err.message }, 'idle postgres client error'));
  return pool;
}

export async function ensureSchema(pool: Pool, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
}

/** Every PostgreSQL failure is transient to callers: the HTTP layer answers 503 and Alertmanager retries. */
export function dbError(err: unknown): DependencyError {
  return new DependencyError('postgres', `postgres: ${(err as Error).message}`, {
    cause: err,
    retriable: true,
  });
}

export async function inTransaction<T>(pool: Pool, fn: (c: PoolClient) => Promise<T>): Promise<T> {
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    throw dbError(err);
  }
  try {
    await client.query('BEGIN');
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err instanceof DependencyError ? err : dbError(err);
  } finally {
    client.release();
  }
}
