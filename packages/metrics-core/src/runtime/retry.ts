import { isRetriable } from '../errors/errors';

export interface RetryOptions {
  retries: number;
  minDelayMs: number;
  maxDelayMs: number;
  factor?: number;
  shouldRetry?: (err: unknown) => boolean;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Full-jitter exponential backoff: attempt n waits uniformly in [0, min(max, min * factor^n)). */
export function backoffDelay(
  attempt: number,
  opts: Pick<RetryOptions, 'minDelayMs' | 'maxDelayMs' | 'factor'>,
  random = Math.random,
): number {
  const cap = Math.min(opts.maxDelayMs, opts.minDelayMs * (opts.factor ?? 2) ** attempt);
  return Math.floor(random() * cap);
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Retries only errors `shouldRetry` accepts (default: DependencyError with retriable=true). */
export async function retry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const shouldRetry = opts.shouldRetry ?? isRetriable;
  const sleep = opts.sleep ?? realSleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= opts.retries || !shouldRetry(err)) throw err;
      await sleep(backoffDelay(attempt, opts, opts.random));
    }
  }
}
