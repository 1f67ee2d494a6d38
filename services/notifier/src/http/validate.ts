import { ValidationError } from '@streamwatch/metrics-core';
import type { z } from 'zod';

/** Parses with zod; a failure becomes a 400 whose reason names the first bad field and details list them all. */
export function parseOr400<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((i) => ({
    field: i.path.join('.') || '(body)',
    message: i.message,
  }));
  const first = details[0] as { field: string; message: string };
  throw new ValidationError(`invalid ${what}: ${first.field}: ${first.message}`, { details });
}
