import { Client } from 'pg';
import type { PostgresSpec } from '../../domain/target';
import type { Probe } from '../../ports';
import { abortable, errorOutcome } from './classify-error';

/** Opens a fresh connection, runs `SELECT 1`, closes it. */
export function createPostgresProbe(spec: PostgresSpec, timeoutMs: number): Probe {
  return {
    run: async (signal) => {
      const client = new Client({
        host: spec.host,
        port: spec.port,
        user: spec.user,
        database: spec.database,
        ...(spec.password ? { password: spec.password } : {}),
        connectionTimeoutMillis: timeoutMs,
        application_name: 'streamwatch-health-check',
      });
      client.on('error', () => undefined);
      let connected = false;
      const end = (): void => void client.end().catch(() => undefined);
      try {
        await abortable(
          client.connect().then(() => {
            connected = true;
            return client.query('SELECT 1');
          }),
          signal,
          end,
        );
        return { success: true };
      } catch (err) {
        return errorOutcome(err);
      } finally {
        if (connected) end();
      }
    },
  };
}
