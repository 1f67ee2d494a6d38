import { nextStep, type RetryPolicy } from './delivery-policy';
import { delivered, failed } from './outcome';

const policy: RetryPolicy = { maxAttempts: 5, maxAgeMs: 3_600_000, minDelayMs: 1000, maxDelayMs: 60_000 };
const now = 1_000_000;

describe('nextStep', () => {
  it('is done after a delivery', () => {
    expect(nextStep(delivered(), 1, now, now, policy)).toEqual({ action: 'done' });
  });

  it('backs off exponentially with full jitter', () => {
    const retry = (attempts: number) =>
      nextStep(failed('server_error', true), attempts, now, now, policy, () => 0.999999);
    expect(retry(1)).toEqual({ action: 'retry', atMs: now + 999 });
    expect(retry(3)).toEqual({ action: 'retry', atMs: now + 3999 });
    expect(nextStep(failed('timeout', true), 3, now, now, policy, () => 0)).toEqual({
      action: 'retry',
      atMs: now + 1,
    });
  });

  it('waits at least the provider Retry-After', () => {
    expect(nextStep(failed('rate_limited', true, {}, 30_000), 1, now, now, policy, () => 0.5)).toEqual({
      action: 'retry',
      atMs: now + 30_000,
    });
  });

  it('dead-letters final failures, after max attempts, and past max age', () => {
    expect(nextStep(failed('client_error', false), 1, now, now, policy)).toEqual({
      action: 'dead',
      why: 'not_retriable',
    });
    expect(nextStep(failed('server_error', true), 5, now, now, policy)).toEqual({
      action: 'dead',
      why: 'max_attempts',
    });
    expect(nextStep(failed('server_error', true), 2, now - 3_600_000, now, policy, () => 0.5)).toEqual({
      action: 'dead',
      why: 'max_age',
    });
  });
});
