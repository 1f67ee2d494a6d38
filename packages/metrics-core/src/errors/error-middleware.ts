import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import {
  AppError,
  ConfigError,
  DependencyError,
  NotFoundError,
  OverloadedError,
  ValidationError,
} from './errors';

interface HttpErrorLike {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  message?: string;
}

export function statusFor(err: unknown): number {
  if (err instanceof ValidationError) return 400;
  if (err instanceof NotFoundError) return 404;
  if (err instanceof OverloadedError) return 503;
  if (err instanceof DependencyError) return err.retriable ? 503 : 502;
  if (err instanceof ConfigError) return 500;
  const status = (err as HttpErrorLike | undefined)?.status ?? (err as HttpErrorLike | undefined)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 600) return status;
  return 500;
}

/** Maps the error taxonomy (and body-parser errors) to a status code and `{ error, reason, details }`. */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    const status = statusFor(err);
    if (err instanceof OverloadedError) res.setHeader('Retry-After', String(err.retryAfterSeconds));
    if (status >= 500) logger.error({ err }, 'request failed');
    const expose = err instanceof AppError || (err as HttpErrorLike).expose === true;
    const body: Record<string, unknown> = {
      error: err instanceof AppError ? err.name : ((err as HttpErrorLike).type ?? 'Error'),
      reason: expose ? (err as Error).message : 'internal error',
    };
    if (err instanceof AppError && err.details.length > 0) body.details = err.details;
    res.status(status).json(body);
  };
}
