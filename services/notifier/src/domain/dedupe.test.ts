import { alert, group } from '../test/fixtures';
import { dedupeKey, foldedIdempotencyKey, identityOf, idempotencyKey, reminderDedupeKey } from './dedupe';

describe('dedupeKey', () => {
  const a = alert({ fingerprint: 'a' });
  const b = alert({ fingerprint: 'b' });

  it('is the same for a repeat with alerts in another order', () => {
    expect(dedupeKey(group({ alerts: [a, b] }))).toBe(dedupeKey(group({ alerts: [b, a] })));
  });

  it('differs by status, groupKey, fingerprints and times', () => {
    const base = dedupeKey(group({ alerts: [a] }));
    expect(dedupeKey(group({ alerts: [a], status: 'resolved' }))).not.toBe(base);
    expect(dedupeKey(group({ alerts: [a], groupKey: 'other' }))).not.toBe(base);
    expect(dedupeKey(group({ alerts: [a, b] }))).not.toBe(base);
    expect(dedupeKey(group({ alerts: [{ ...a, startsAt: '2025-01-01T11:00:00Z' }] }))).not.toBe(base);
    expect(dedupeKey(group({ alerts: [{ ...a, endsAt: '2025-01-01T11:00:00Z' }] }))).not.toBe(base);
  });

  it('ignores fields Alertmanager may change between repeats (labels of the group, externalURL)', () => {
    expect(dedupeKey(group({ alerts: [a], externalURL: 'http://peer-2' }))).toBe(
      dedupeKey(group({ alerts: [a] })),
    );
  });

  it('gives stable idempotency keys per channel and per folded set', () => {
    expect(idempotencyKey('k', 'r/webhook-0')).toBe(idempotencyKey('k', 'r/webhook-0'));
    expect(idempotencyKey('k', 'r/webhook-0')).not.toBe(idempotencyKey('k', 'r/webhook-1'));
    expect(foldedIdempotencyKey([3, 1, 2])).toBe(foldedIdempotencyKey([1, 2, 3]));
  });

  it('gives each reminder its own key, shared by every copy of it, that leads back to the identity', () => {
    const id = dedupeKey(group({ alerts: [a] }));
    expect(reminderDedupeKey(id, 0)).toBe(id);
    expect(reminderDedupeKey(id, 2)).toBe(`${id}:r2`);
    expect(reminderDedupeKey(id, 2)).toBe(reminderDedupeKey(dedupeKey(group({ alerts: [a] })), 2));
    expect(identityOf(reminderDedupeKey(id, 12))).toBe(id);
    expect(identityOf(id)).toBe(id);
  });
});
