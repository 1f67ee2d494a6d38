export interface ErrorDetail {
  field?: string;
  message: string;
}

export class AppError extends Error {
  readonly details: ErrorDetail[];

  constructor(message: string, options: { cause?: unknown; details?: ErrorDetail[] } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.details = options.details ?? [];
  }
}

/** Input that can never succeed as sent; the client must change it. */
export class ValidationError extends AppError {}

export class NotFoundError extends AppError {}

/** Startup configuration is wrong; `details` lists every problem. */
export class ConfigError extends AppError {}

/** A dependency (Kafka, Redis, PostgreSQL, a provider) failed; `retriable` says whether trying again may help. */
export class DependencyError extends AppError {
  readonly retriable: boolean;
  readonly dependency: string;

  constructor(dependency: string, message: string, options: { cause?: unknown; retriable?: boolean } = {}) {
    super(message, options);
    this.dependency = dependency;
    this.retriable = options.retriable ?? true;
  }
}

/** Too much work queued; the caller should come back later (HTTP 503 + Retry-After). */
export class OverloadedError extends DependencyError {
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds = 1) {
    super('capacity', message, { retriable: true });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export function isRetriable(err: unknown): boolean {
  return err instanceof DependencyError ? err.retriable : false;
}
