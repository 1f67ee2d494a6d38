import { STALE_NAN } from './staleness';
import type { Sample } from './sample';
import { DEFAULT_SAMPLE_LIMITS, REJECTION_REASONS, validateSample, type RejectionReason } from './validation';

const ok: Sample = {
  name: 'http_requests_total',
  labels: { job: 'api', code: '200' },
  value: 1,
  timestampMs: 1_700_000_000_000,
};

describe('validateSample', () => {
  it.each([0, -1.5, NaN, Infinity, -Infinity, STALE_NAN])('accepts value %p', (value) => {
    expect(validateSample({ ...ok, value })).toBeUndefined();
  });

  it('accepts colons in metric names (recording rules) and no labels', () => {
    expect(validateSample({ ...ok, name: 'job:requests:rate5m', labels: {} })).toBeUndefined();
  });

  const cases: Array<[RejectionReason, Partial<Sample>, string]> = [
    ['invalid_metric_name', { name: '9lives' }, 'name'],
    ['invalid_metric_name', { name: 'with-dash' }, 'name'],
    ['invalid_metric_name', { name: '' }, 'name'],
    ['invalid_label_name', { labels: { 'bad-name': 'x' } }, 'labels.bad-name'],
    ['invalid_label_name', { labels: { 'a:b': 'x' } }, 'labels.a:b'],
    ['reserved_label_name', { labels: { __name__: 'x' } }, 'labels.__name__'],
    ['empty_label_value', { labels: { job: '' } }, 'labels.job'],
    [
      'too_many_labels',
      { labels: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`l${i}`, 'v'])) },
      'labels',
    ],
    ['label_name_too_long', { labels: { ['a'.repeat(129)]: 'v' } }, `labels.${'a'.repeat(129)}`],
    ['label_value_too_long', { labels: { job: 'v'.repeat(1025) } }, 'labels.job'],
    ['invalid_value', { value: '1' as unknown as number }, 'value'],
    ['invalid_timestamp', { timestampMs: 1.5 }, 'timestampMs'],
    ['invalid_timestamp', { timestampMs: Number.MAX_SAFE_INTEGER + 2 }, 'timestampMs'],
  ];

  it.each(cases)('rejects %s (%j) naming field', (reason, patch, field) => {
    const r = validateSample({ ...ok, ...patch });
    expect(r).toMatchObject({ reason, field });
    expect(r?.message.length).toBeGreaterThan(5);
  });

  it('covers every rejection reason', () => {
    expect(new Set(cases.map((c) => c[0]))).toEqual(new Set(REJECTION_REASONS));
  });

  it('honours custom limits', () => {
    const limits = { ...DEFAULT_SAMPLE_LIMITS, maxLabels: 1 };
    expect(validateSample(ok, limits)?.reason).toBe('too_many_labels');
  });
});
