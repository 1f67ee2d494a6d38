import type { ErrorDetail } from '@streamwatch/metrics-core';

export interface LoadContext {
  env: Record<string, string | undefined>;
  readFile(path: string): string;
}

function read(ctx: LoadContext, path: string, field: string, problems: ErrorDetail[]): string | undefined {
  try {
    return ctx.readFile(path).replace(/\r?\n$/, '');
  } catch (err) {
    problems.push({
      field,
      message: `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
    });
    return undefined;
  }
}

/**
 * Resolves `password_env: NAME` (from NAME, or the file named by NAME_FILE) or `password_file: path`.
 * Returns undefined when neither is set; records a problem when a referenced secret is missing.
 */
export function resolvePassword(
  ref: { password_env?: string; password_file?: string },
  ctx: LoadContext,
  field: (name: string) => string,
  problems: ErrorDetail[],
): string | undefined {
  if (ref.password_env && ref.password_file) {
    problems.push({ field: field('password_env'), message: 'set password_env or password_file, not both' });
    return undefined;
  }
  if (ref.password_file) return read(ctx, ref.password_file, field('password_file'), problems);
  if (!ref.password_env) return undefined;
  const direct = ctx.env[ref.password_env];
  if (direct !== undefined && direct !== '') return direct;
  const file = ctx.env[`${ref.password_env}_FILE`];
  if (file) return read(ctx, file, field('password_env'), problems);
  problems.push({
    field: field('password_env'),
    message: `environment variable ${ref.password_env} (or ${ref.password_env}_FILE) is not set`,
  });
  return undefined;
}
