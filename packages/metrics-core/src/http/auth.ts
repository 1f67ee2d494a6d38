import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Constant-time comparison; hashing first hides the length of the secret. */
export function secretsEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** `secretsEqual` against a secret hashed once, for a check made on every request. */
function matchesDigest(given: string, expected: Buffer): boolean {
  return timingSafeEqual(digest(given), expected);
}

export interface AuthOptions {
  bearerToken?: string;
  basic?: { username: string; password: string };
  realm?: string;
}

interface Digests {
  bearer?: Buffer;
  basic?: { username: Buffer; password: Buffer };
}

function credentialsMatch(header: string, expected: Digests): boolean {
  const space = header.indexOf(' ');
  if (space < 0) return false;
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (scheme === 'bearer' && expected.bearer) return matchesDigest(value, expected.bearer);
  if (scheme === 'basic' && expected.basic) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    const userOk = matchesDigest(decoded.slice(0, colon), expected.basic.username);
    const passOk = matchesDigest(decoded.slice(colon + 1), expected.basic.password);
    return userOk && passOk;
  }
  return false;
}

/** Requires a bearer token and/or basic credentials when configured; with neither configured it lets requests pass. */
export function requireAuth(opts: AuthOptions): RequestHandler {
  const enabled = Boolean(opts.bearerToken || opts.basic);
  const expected: Digests = {
    bearer: opts.bearerToken ? digest(opts.bearerToken) : undefined,
    basic: opts.basic
      ? { username: digest(opts.basic.username), password: digest(opts.basic.password) }
      : undefined,
  };
  return (req, res, next) => {
    if (!enabled) return next();
    const header = req.headers.authorization;
    if (header && credentialsMatch(header, expected)) return next();
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
