import type { Pool } from 'pg';
import type { RuleGroupRepository, StoredRuleGroup } from '../ports';

interface Row {
  name: string;
  body: Record<string, unknown>;
  version: number;
  updated_at: Date;
}

const toGroup = (r: Row): StoredRuleGroup => ({
  name: r.name,
  body: r.body,
  version: r.version,
  updatedAt: r.updated_at,
});

/** Rule groups in table `rule_groups`; `revision()` is cheap enough to poll every few seconds. */
export class PostgresRuleRepository implements RuleGroupRepository {
  constructor(private readonly pool: Pool) {}

  async list(): Promise<StoredRuleGroup[]> {
    const res = await this.pool.query<Row>(
      'SELECT name, body, version, updated_at FROM rule_groups ORDER BY name',
    );
    return res.rows.map(toGroup);
  }

  async get(name: string): Promise<StoredRuleGroup | undefined> {
    const res = await this.pool.query<Row>(
      'SELECT name, body, version, updated_at FROM rule_groups WHERE name = $1',
      [name],
    );
    return res.rows[0] ? toGroup(res.rows[0]) : undefined;
  }

  async upsert(
    name: string,
    body: Record<string, unknown>,
  ): Promise<{ group: StoredRuleGroup; created: boolean }> {
    const res = await this.pool.query<Row & { created: boolean }>(
      `INSERT INTO rule_groups (name, body) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET body = EXCLUDED.body, version = rule_groups.version + 1, updated_at = now()
       RETURNING name, body, version, updated_at, (xmax = 0) AS created`,
      [name, JSON.stringify(body)],
    );
    const row = res.rows[0] as Row & { created: boolean };
    return { group: toGroup(row), created: row.created };
  }

  async remove(name: string): Promise<boolean> {
    const res = await this.pool.query('DELETE FROM rule_groups WHERE name = $1', [name]);
    if ((res.rowCount ?? 0) > 0)
      await this.pool.query('UPDATE rule_groups_revision SET revision = revision + 1');
    return (res.rowCount ?? 0) > 0;
  }

  async revision(): Promise<string> {
    const res = await this.pool.query<{ n: string; v: string; d: string }>(
      `SELECT count(*)::text AS n, coalesce(sum(version), 0)::text AS v,
              (SELECT revision::text FROM rule_groups_revision) AS d FROM rule_groups`,
    );
    const r = res.rows[0];
    return r ? `${r.n}:${r.v}:${r.d}` : '';
  }
}
