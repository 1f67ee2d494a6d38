import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export interface SqlClient {
  query(sql: string, params?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
}

/** A pg `Pool`: migrations need one dedicated connection for the lock and the transactions. */
export interface SqlPool {
  connect(): Promise<SqlClient & { release(): void }>;
}

const FILE_RE = /^(\d+)_([\w-]+)\.sql$/;

/** Reads `NNN_name.sql` files in version order; a duplicate version is an error. */
export function loadMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => ({ file, match: FILE_RE.exec(file) }))
    .filter((f) => f.match)
    .map(({ file, match }) => ({
      version: Number((match as RegExpExecArray)[1]),
      name: (match as RegExpExecArray)[2] as string,
      sql: readFileSync(join(dir, file), 'utf8'),
    }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (i > 0 && migrations[i - 1]?.version === m.version)
      throw new Error(`duplicate migration version ${m.version}`);
  });
  return migrations;
}

function lockKeyOf(table: string): number {
  let h = 0;
  for (let i = 0; i < table.length; i++) h = (Math.imul(h, 31) + table.charCodeAt(i)) | 0;
  return h;
}

/**
 * Applies pending migrations in one transaction each, under an advisory lock so concurrent
 * instances of a service never race. Returns the versions applied. Each service names its own
 * bookkeeping `table`: services sharing one database must never share it.
 */
export async function migrate(pool: SqlPool, migrations: Migration[], table: string): Promise<number[]> {
  const lockKey = lockKeyOf(table);
  const client = await pool.connect();
  await client.query('SELECT pg_advisory_lock($1)', [lockKey]);
  try {
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${table} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query(`SELECT version FROM ${table}`);
    const done = new Set(rows.map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query(`INSERT INTO ${table} (version, name) VALUES ($1, $2)`, [m.version, m.name]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.version}_${m.name} failed: ${(err as Error).message}`, { cause: err });
      }
      applied.push(m.version);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [lockKey]).catch(() => undefined);
    client.release();
  }
}
