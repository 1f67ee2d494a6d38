import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

/** Constant-time comparison; hashing first hides the length of the secret. */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export interface AuthOptions {
  bearerToken?: string;
  basic?: { username: string; password: string };
  realm?: string;
}

function credentialsMatch(header: string, opts: AuthOptions): boolean {
  const space = header.indexOf(' ');
  if (space < 0) return false;
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (scheme === 'bearer' && opts.bearerToken) return secretsEqual(value, opts.bearerToken);
  if (scheme === 'basic' && opts.basic) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    const userOk = secretsEqual(decoded.slice(0, colon), opts.basic.username);
    const passOk = secretsEqual(decoded.slice(colon + 1), opts.basic.password);
    return userOk && passOk;
  }
  return false;
}

/** Requires a bearer token and/or basic credentials when configured; with neither configured it lets requests pass. */
export function requireAuth(opts: AuthOptions): RequestHandler {
  const enabled = Boolean(opts.bearerToken || opts.basic);
  return (req, res, next) => {
    if (!enabled) return next();
    const header = req.headers.authorization;
    if (header && credentialsMatch(header, opts)) return next();
    const schemes = [opts.bearerToken ? 'Bearer' : '', opts.basic ? 'Basic' : ''].filter(Boolean);
    res.setHeader(
      'WWW-Authenticate',
      schemes.map((s) => `${s} realm="${opts.realm ?? 'streamwatch'}"`).join(', '),
    );
    res.status(401).json({
      error: 'Unauthorized',
      reason: header ? 'invalid credentials' : 'missing Authorization header',
    });
  };
}
