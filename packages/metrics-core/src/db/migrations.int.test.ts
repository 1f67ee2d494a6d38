import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { nativeEnv } from '@streamwatch/test-support';
import { Pool } from 'pg';
import { loadMigrations, migrate } from './migrations';

const env = nativeEnv();

describe('migrations against the real PostgreSQL', () => {
  const pool = new Pool({ connectionString: env.DATABASE_URL, max: 4 });
  const schema = `it_${randomUUID().replace(/-/g, '')}`;
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool.end();
  });

  it('applies pending migrations once, in order, even when two instances race', async () => {
    await pool.query(`CREATE SCHEMA ${schema}`);
    const dir = mkdtempSync(join(tmpdir(), 'mig-'));
    writeFileSync(join(dir, '002_more.sql'), `ALTER TABLE ${schema}.things ADD COLUMN size int;`);
    writeFileSync(join(dir, '001_init.sql'), `CREATE TABLE ${schema}.things (id int primary key);`);
    writeFileSync(join(dir, 'README.txt'), 'ignored');
    const migrations = loadMigrations(dir);
    expect(migrations.map((m) => m.version)).toEqual([1, 2]);

    const table = `${schema}.schema_migrations`;
    const [a, b] = await Promise.all([migrate(pool, migrations, table), migrate(pool, migrations, table)]);
    expect([...a, ...b].sort()).toEqual([1, 2]);
    expect(await migrate(pool, migrations, table)).toEqual([]);
    const { rows } = await pool.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema=$1 AND table_name='things' ORDER BY 1`,
      [schema],
    );
    expect(rows.map((r) => r.column_name)).toEqual(['id', 'size']);
  });

  it('rolls back a failing migration and reports which one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mig-'));
    writeFileSync(
      join(dir, '001_bad.sql'),
      `CREATE TABLE ${schema}.ok (id int); SELECT * FROM ${schema}.missing;`,
    );
    const table = `${schema}.schema_migrations_bad`;
    await expect(migrate(pool, loadMigrations(dir), table)).rejects.toThrow(/migration 1_bad failed/);
    const { rows } = await pool.query(`SELECT to_regclass('${schema}.ok') AS t`);
    expect(rows[0].t).toBeNull();
  });
});
