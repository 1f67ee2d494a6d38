import { resolveReceivers, receiversFileSchema } from '../domain/receivers';
import { buildIntake, createIntake } from '../delivery/intake';
import type { IntakeBatch } from '../ports';
import { alert, group, testMetrics } from '../test/fixtures';
import { privateSchema } from '../test/harness';
import { PostgresIntakeStore } from './intake.repository';
import { PostgresError } from './postgres';

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
    await expect(poisoned).rejects.toMatchObject({ name: 'PostgresError', failure: 'data' });
    expect([(await inFlight).queued, (await neighbour).queued]).toEqual([2, 2]);
    expect(calls).toBe(2 + 4); // lone, failed group of two, each of the two alone
    const { rows } = await db.pool.query(
      `SELECT count(*)::int AS c FROM notifications WHERE group_key LIKE 'g-c-%'`,
    );
    expect(rows[0].c).toBe(24);
  });

  it('queues an identical firing notification again as a reminder once the reminder interval has passed', async () => {
    const reminders = new PostgresIntakeStore(db.pool, { reminderMinIntervalMs: 60_000 });
    const g = group({ groupKey: 'g-rem', alerts: [alert({ fingerprint: 'f-rem' })] });
    const at = (ms: number, over: Parameters<typeof group>[0] = {}) =>
      buildIntake(receivers, { ...g, ...over }, NOW + ms);
    const queued = async (ms: number, over: Parameters<typeof group>[0] = {}) =>
      ((await reminders.acceptAll([at(ms, over)]))[0] ?? []).map((n) => n.repeatSeq ?? 0);
    expect(await queued(0)).toEqual([0, 0]);
    expect(await queued(1_000)).toEqual([]); // Alertmanager's retry
    expect(await queued(45_000, { externalURL: 'http://am-peer-3' })).toEqual([]); // HA peer, 3rd in line
    expect(await queued(61_000)).toEqual([1, 1]); // repeat_interval: a reminder
    expect(await queued(75_000, { externalURL: 'http://am-peer-2' })).toEqual([]); // a peer's copy of it
    // Two instances receive the two HA copies of the next reminder at once: one reminder.
    const other = new PostgresIntakeStore(db.pool, { reminderMinIntervalMs: 60_000 });
    const both = await Promise.all([
      reminders.acceptAll([at(130_000)]),
      other.acceptAll([at(130_500, { externalURL: 'http://am-peer-2' })]),
    ]);
    expect(both.flat(2).map((n) => n.repeatSeq)).toEqual([2, 2]);
    const { rows } = await db.pool.query(
      `SELECT dedupe_key, repeat_seq, payload->'notice' AS notice, alertnames FROM notifications
       WHERE group_key = 'g-rem' ORDER BY id`,
    );
    expect(rows.map((r) => [r.repeat_seq, r.notice])).toEqual([
      [0, null],
      [0, null],
      [1, { kind: 'reminder', seq: 1 }],
      [1, { kind: 'reminder', seq: 1 }],
      [2, { kind: 'reminder', seq: 2 }],
      [2, { kind: 'reminder', seq: 2 }],
    ]);
    expect(rows[2].dedupe_key).toBe(`${rows[0].dedupe_key}:r1`);
    expect(rows[0].alertnames).toEqual(['HighCPU']);
  });

  it('never repeats a resolved notification, and counts copies within one group once', async () => {
    const store10s = new PostgresIntakeStore(db.pool, { reminderMinIntervalMs: 10_000 });
    const resolved = group({
      groupKey: 'g-res',
      status: 'resolved',
      alerts: [alert({ fingerprint: 'f-res', status: 'resolved', endsAt: '2025-01-01T10:04:00Z' })],
    });
    expect((await store10s.acceptAll([buildIntake(receivers, resolved, NOW)]))[0]).toHaveLength(2);
    expect((await store10s.acceptAll([buildIntake(receivers, resolved, NOW + 3_600_000)]))[0]).toHaveLength(
      0,
    );
    const firing = group({ groupKey: 'g-grp', alerts: [alert({ fingerprint: 'f-grp' })] });
    const result = await store10s.acceptAll([
      buildIntake(receivers, firing, NOW),
      buildIntake(receivers, firing, NOW + 20_000),
    ]);
    expect(result.map((r) => r.length)).toEqual([2, 0]);
  });

  it('tells a value PostgreSQL refuses (a data error) from an unavailable database', async () => {
    const bad = batchOf({ groupKey: 'g-nul\u0000', alerts: [alert({ fingerprint: 'f-nul' })] });
    await expect(store.acceptAll([bad])).rejects.toMatchObject({ failure: 'data', retriable: false });
    const err = await store.acceptAll([bad]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PostgresError);
    expect((err as PostgresError).sqlState).toMatch(/^22/);
  });
});
