import { DependencyError } from '@streamwatch/metrics-core';
import { DatabaseError, Pool, type PoolClient } from 'pg';
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

/**
 * What a PostgreSQL failure means for the caller: `unavailable` (no connection, shutting down, out of
 * resources, a deadlock or serialization failure: trying again later can succeed), `data` (the server
 * refused a value: classes 22 data exception, 23 integrity, 54 program limit; the same request fails
 * again), or `internal` (anything else: a bug or a broken deployment).
 */
export type PostgresFailure = 'unavailable' | 'data' | 'internal';

/** A PostgreSQL failure. Its message holds the server's text for logs; HTTP answers never show it. */
export class PostgresError extends DependencyError {
  constructor(
    readonly failure: PostgresFailure,
    readonly sqlState: string | undefined,
    message: string,
    cause: unknown,
  ) {
    super('postgres', message, { cause, retriable: failure !== 'data' });
  }
}

const UNAVAILABLE_CLASSES = new Set(['08', '40', '53', '57', '58']);
const DATA_CLASSES = new Set(['22', '23', '54']);

export function classifyPostgresError(err: unknown): PostgresFailure {
  // No SQLSTATE: the pool's connect timeout, a refused or dropped connection.
  if (!(err instanceof DatabaseError) || !err.code) return 'unavailable';
  const cls = err.code.slice(0, 2);
  if (UNAVAILABLE_CLASSES.has(cls) || err.code === '55P03') return 'unavailable';
  if (DATA_CLASSES.has(cls)) return 'data';
  return 'internal';
}

export function dbError(err: unknown): PostgresError {
  if (err instanceof PostgresError) return err;
  const sqlState = err instanceof DatabaseError ? err.code : undefined;
  return new PostgresError(classifyPostgresError(err), sqlState, `postgres: ${(err as Error).message}`, err);
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
