import { backoffDelay } from '@streamwatch/metrics-core';
import type { DeliveryOutcome } from './outcome';

export interface RetryPolicy {
  maxAttempts: number;
  maxAgeMs: number;
  minDelayMs: number;
  maxDelayMs: number;
}

export type NextStep =
  | { action: 'done' }
  | { action: 'retry'; atMs: number }
  | { action: 'dead'; why: 'not_retriable' | 'max_attempts' | 'max_age' };

/**
 * Decides what follows an attempt. `attempts` counts the attempt just made. Retries use full-jitter
 * exponential backoff, never sooner than a provider's Retry-After, and stop at max attempts or age.
 */
export function nextStep(
  outcome: DeliveryOutcome,
  attempts: number,
  createdAtMs: number,
  nowMs: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): NextStep {
  if (outcome.result === 'delivered') return { action: 'done' };
  if (!outcome.retriable) return { action: 'dead', why: 'not_retriable' };
  if (attempts >= policy.maxAttempts) return { action: 'dead', why: 'max_attempts' };
  const delay = Math.max(backoffDelay(attempts - 1, policy, random), outcome.retryAfterMs ?? 0, 1);
  if (nowMs + delay - createdAtMs > policy.maxAgeMs) return { action: 'dead', why: 'max_age' };
  return { action: 'retry', atMs: nowMs + delay };
}
