import { ValidationError } from '@streamwatch/metrics-core';
import { z } from 'zod';
import { hasUnsafeText } from '../domain/safe-text';
import { parseRfc3339 } from '../domain/timestamp';

interface Detail {
  field: string;
  message: string;
}

function detailsOf(issues: readonly z.core.$ZodIssue[], what: string): Detail[] {
  return issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({
          field: [...i.path, k].join('.'),
          message: `unknown ${what === 'query' ? 'parameter' : 'field'}`,
        }))
      : [{ field: i.path.join('.') || '(body)', message: i.message }],
  );
}

/** Parses with zod; a failure becomes a 400 whose reason names the first bad field and details list them all. */
export function parseOr400<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const details = detailsOf(parsed.error.issues, what);
  const first = details[0] as Detail;
  throw new ValidationError(`invalid ${what}: ${first.field}: ${first.message}`, { details });
}

/**
 * A text parameter of the API (query, path or body). PostgreSQL cannot compare or store U+0000 (`%00`)
 * or lone surrogates, so they are refused with a 400 instead of failing in the database.
 */
export const apiText = (max = 1000) =>
  z
    .string()
    .max(max)
    .refine((s) => !hasUnsafeText(s), 'must not contain U+0000 or unpaired surrogates');

/** Latest time an API accepts: the end of year 9999, as far as PostgreSQL's and Go's formats go. */
export const MAX_API_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Parses an API time: RFC 3339 (or a bare date, midnight UTC), unix seconds or unix milliseconds. */
export function parseApiTime(s: string): number | undefined {
  let ms: number | undefined;
  if (/^\d{1,16}(\.\d{1,9})?$/.test(s)) {
    const n = Number(s);
    ms = (s.split('.')[0] ?? '').length <= 11 ? n * 1000 : n;
  } else if (/^\d{4}-\d{2}-\d{2}$/.test(s)) ms = parseRfc3339(`${s}T00:00:00Z`);
  else ms = parseRfc3339(s);
  return ms !== undefined && ms >= 0 && ms <= MAX_API_TIME_MS ? Math.floor(ms) : undefined;
}

export const apiTime = z.string().transform((s, ctx) => {
  const ms = parseApiTime(s);
  if (ms === undefined)
    ctx.addIssue({
      code: 'custom',
      message: 'must be RFC 3339, unix seconds or unix milliseconds, between 1970 and 9999',
    });
  return ms ?? 0;
});
