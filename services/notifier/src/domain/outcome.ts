/** Why an attempt failed; also the `reason` recorded in the ledger. */
export type FailureReason =
  | 'timeout'
  | 'network'
  | 'server_error'
  | 'client_error'
  | 'rate_limited'
  | 'provider_error'
  | 'redirect'
  | 'internal';

export interface ProviderAnswer {
  providerStatus?: number;
  response?: string;
}

/** What one send achieved. `retriable: false` means trying again cannot help (dead-letter now). */
export type DeliveryOutcome =
  | ({ result: 'delivered' } & ProviderAnswer)
  | ({ result: 'failed'; reason: FailureReason; retriable: boolean; retryAfterMs?: number } & ProviderAnswer);

export function delivered(answer: ProviderAnswer = {}): DeliveryOutcome {
  return { result: 'delivered', ...answer };
}

export function failed(
  reason: FailureReason,
  retriable: boolean,
  answer: ProviderAnswer = {},
  retryAfterMs?: number,
): DeliveryOutcome {
  return {
    result: 'failed',
    reason,
    retriable,
    ...answer,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
}

/** Classifies a plain HTTP status: 2xx ok, 408/429/5xx retriable, 3xx never followed, other 4xx final. */
export function outcomeForStatus(status: number, response: string, retryAfterMs?: number): DeliveryOutcome {
  const answer = { providerStatus: status, response };
  if (status >= 200 && status < 300) return delivered(answer);
  if (status === 429) return failed('rate_limited', true, answer, retryAfterMs);
  if (status === 408) return failed('timeout', true, answer);
  if (status >= 500) return failed('server_error', true, answer);
  if (status >= 300 && status < 400) return failed('redirect', false, answer);
  return failed('client_error', false, answer);
}

/** Parses a Retry-After header (seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
