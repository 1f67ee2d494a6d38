import { DependencyError, ValidationError } from '@streamwatch/metrics-core';
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { PostgresError } from '../adapters/postgres';

/**
 * No PostgreSQL error text reaches a client: the server's message is logged here and the answer
 * carries a generic reason. Only an unavailable database is a 503 (Alertmanager retries it); a value
 * the database refused is a 400 (our validation should have caught or cleaned it, so it is logged as
 * a warning); anything else is a 500.
 */
export function databaseErrors(logger: Logger): ErrorRequestHandler {
  const log = logger.child({ component: 'http-database-errors' });
  return (err, req, _res, next) => {
    if (!(err instanceof PostgresError)) return next(err);
    const ctx = { sqlState: err.sqlState, failure: err.failure, path: req.path, err: err.message };
    if (err.failure === 'data') {
      log.warn(ctx, 'database refused a value of a request');
      return next(
        new ValidationError(
          `the database cannot store a value of this request (SQLSTATE ${err.sqlState ?? 'unknown'})`,
        ),
      );
    }
    if (err.failure === 'unavailable') {
      log.warn(ctx, 'database unavailable');
      return next(new DependencyError('postgres', 'database unavailable', { retriable: true }));
    }
    log.error(ctx, 'database error');
    return next(new Error('internal database error'));
  };
}
