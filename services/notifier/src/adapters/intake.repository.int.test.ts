import { resolveReceivers, receiversFileSchema } from '../domain/receivers';
import { buildIntake, createIntake } from '../delivery/intake';
import type { IntakeBatch } from '../ports';
import { alert, group, testMetrics } from '../test/fixtures';
import { privateSchema } from '../test/harness';
import { PostgresIntakeStore } from './intake.repository';

const receivers = resolveReceivers(
  receiversFileSchema.parse({
    receivers: [
      {
        name: 'team-db',
        channels: [
          { type: 'webhook', url: 'http://127.0.0.1:1/a' },
          { type: 'webhook', name: 'b', url: 'http://127.0.0.1:1/b' },
        ],
      },
    ],
  }),
  1000,
);
const NOW = Date.parse('2025-01-01T10:05:00Z');
const batchOf = (over: Parameters<typeof group>[0]): IntakeBatch => buildIntake(receivers, group(over), NOW);

describe('PostgresIntakeStore.acceptAll (group commit)', () => {
  let db: Awaited<ReturnType<typeof privateSchema>>;
  let store: PostgresIntakeStore;

  beforeAll(async () => {
    db = await privateSchema();
    store = new PostgresIntakeStore(db.pool);
  });
  afterAll(() => db.drop());

  it('writes many notifications in one call; a repeat within the group is a duplicate of the first', async () => {
    const one = batchOf({ groupKey: 'g-one', alerts: [alert({ fingerprint: 'f-one' })] });
    const peer = batchOf({
      groupKey: 'g-one',
      externalURL: 'http://am-peer',
      alerts: [alert({ fingerprint: 'f-one' })],
    });
    const two = batchOf({ groupKey: 'g-two', alerts: [alert({ fingerprint: 'f-two' })] });
    const result = await store.acceptAll([one, peer, two]);
    expect(result.map((r) => r.length)).toEqual([2, 0, 2]);
    expect(result[0]?.map((n) => n.channelKey).sort()).toEqual(['team-db/b', 'team-db/webhook-0']);
    const { rows } = await db.pool.query(
      `SELECT group_key, count(*)::int AS c FROM notifications GROUP BY group_key ORDER BY group_key`,
    );
    expect(rows).toEqual([
      { group_key: 'g-one', c: 2 },
      { group_key: 'g-two', c: 2 },
    ]);
    const receipts = await db.pool.query(
      `SELECT fingerprint, alert->>'externalURL' AS url FROM alert_receipts ORDER BY fingerprint`,
    );
    expect(receipts.rows).toEqual([
      { fingerprint: 'f-one', url: 'http://am-peer' },
      { fingerprint: 'f-two', url: 'http://alertmanager.local:9093' },
    ]);
    expect((await store.acceptAll([two])).map((r) => r.length)).toEqual([0]);
  });

  it('a resolved notice closes its own episode, not a newer one queued in the same group', async () => {
    const old = alert({ fingerprint: 'f-ep', startsAt: '2025-01-01T08:00:00Z' });
    await store.acceptAll([batchOf({ groupKey: 'g-ep', alerts: [old] })]);
    const refire = batchOf({
      groupKey: 'g-ep',
      alerts: [alert({ fingerprint: 'f-ep', startsAt: '2025-01-01T09:00:00Z' })],
    });
    const lateResolve = batchOf({
      groupKey: 'g-ep',
      status: 'resolved',
      alerts: [{ ...old, status: 'resolved', endsAt: '2025-01-01T08:30:00Z' }],
    });
    await store.acceptAll([refire, lateResolve]);
    const { rows } = await db.pool.query(
      `SELECT to_char(starts_at AT TIME ZONE 'UTC', 'HH24:MI') AS s, resolved FROM alert_receipts WHERE fingerprint = 'f-ep' ORDER BY starts_at`,
    );
    expect(rows).toEqual([
      { s: '08:00', resolved: true },
      { s: '09:00', resolved: false },
    ]);
  });

  it('starts and resolves escalations per episode in the same transaction', async () => {
    const start = (startsAt: string): IntakeBatch['escalationStarts'][number] => ({
      policy: 'p',
      fingerprint: 'f-esc',
      startsAt,
      alert: {},
      firstDueMs: NOW,
    });
    const firing = {
      ...batchOf({ groupKey: 'g-esc' }),
      escalationStarts: [start('2025-01-01T08:00:00Z'), start('2025-01-01T09:00:00Z')],
    };
    const resolved = {
      ...batchOf({ groupKey: 'g-esc', status: 'resolved' }),
      escalationResolves: [{ fingerprint: 'f-esc', startsAt: '2025-01-01T08:00:00Z' }],
    };
    await store.acceptAll([firing, resolved]);
    const { rows } = await db.pool.query(
      `SELECT to_char(starts_at AT TIME ZONE 'UTC', 'HH24:MI') AS s, state FROM escalations ORDER BY starts_at`,
    );
    expect(rows).toEqual([
      { s: '08:00', state: 'resolved' },
      { s: '09:00', state: 'open' },
    ]);
  });

  it('through the intake, concurrent webhooks share commits and one bad member fails alone', async () => {
    let calls = 0;
    const counting = { acceptAll: (b: readonly IntakeBatch[]) => (calls++, store.acceptAll(b)) };
    const { metrics } = testMetrics();
    const accept = createIntake({
      receivers,
      store: counting,
      clock: { now: () => NOW },
      metrics,
      wake: () => undefined,
      groupCommit: { maxGroup: 50, maxInFlight: 1 },
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        accept(group({ groupKey: `g-c-${i % 10}`, alerts: [alert({ fingerprint: `f-c-${i % 10}` })] })),
      ),
    );
    expect(calls).toBe(2); // the first alone, the 19 that arrived meanwhile together
    expect(results.reduce((s, r) => s + r.queued, 0)).toBe(20);
    expect(results.reduce((s, r) => s + r.duplicates, 0)).toBe(20);
    const inFlight = accept(group({ groupKey: 'g-c-10', alerts: [alert({ fingerprint: 'f-c-10' })] }));
    const poisoned = accept(
      group({ groupKey: 'g-bad', alerts: [alert({ fingerprint: 'f-bad', startsAt: 'not a timestamp' })] }),
    );
    const neighbour = accept(group({ groupKey: 'g-c-11', alerts: [alert({ fingerprint: 'f-c-11' })] }));
    await expect(poisoned).rejects.toMatchObject({ name: 'DependencyError' });
    expect([(await inFlight).queued, (await neighbour).queued]).toEqual([2, 2]);
    expect(calls).toBe(2 + 4); // lone, failed group of two, each of the two alone
    const { rows } = await db.pool.query(
      `SELECT count(*)::int AS c FROM notifications WHERE group_key LIKE 'g-c-%'`,
    );
    expect(rows[0].c).toBe(24);
  });
});
