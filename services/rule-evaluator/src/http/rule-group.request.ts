import { ValidationError } from '@streamwatch/metrics-core';
import { parse } from 'yaml';

const validName = (n: string) =>
  n.length > 0 && n.length <= 200 && !n.includes('/') && ![...n].some((c) => c.charCodeAt(0) < 0x20);

/**
 * A rule-group request body: a JSON group object `{ name, interval?, rules: [...] }`, or (with a YAML
 * content type) a rule file holding exactly one group, whose positions then match the sent text.
 */
export function groupFromBody(
  body: unknown,
  nameFromPath?: string,
): { name: string; body: Record<string, unknown> } {
  let group: unknown = body;
  if (typeof body === 'string') {
    let doc: unknown;
    try {
      doc = parse(body);
    } catch (err) {
      throw new ValidationError(`body: invalid YAML: ${(err as Error).message}`);
    }
    const groups = (doc as { groups?: unknown })?.groups;
    if (!Array.isArray(groups) || groups.length !== 1)
      throw new ValidationError('body: a YAML rule file with exactly one group is expected');
    group = groups[0];
  }
  if (typeof group !== 'object' || group === null || Array.isArray(group))
    throw new ValidationError('body: a rule group object is expected');
  const g = { ...(group as Record<string, unknown>) };
  if (nameFromPath !== undefined) {
    if (g.name !== undefined && g.name !== nameFromPath)
      throw new ValidationError(`name: "${String(g.name)}" does not match the path "${nameFromPath}"`);
    g.name = nameFromPath;
  }
  if (typeof g.name !== 'string' || !validName(g.name))
    throw new ValidationError(
      'name: a non-empty group name without "/" (at most 200 characters) is required',
    );
  if (!Array.isArray(g.rules)) throw new ValidationError('rules: a list of rules is required');
  return { name: g.name, body: g };
}

/** 400 body with the reason and, when the parser knows it, the position. */
export function validationBody(
  err: Error & { position?: unknown; details?: unknown },
): Record<string, unknown> {
  const out: Record<string, unknown> = { error: err.name, reason: err.message };
  if (err.position !== undefined) out.position = err.position;
  if (Array.isArray(err.details) && err.details.length > 0) out.details = err.details;
  return out;
}
