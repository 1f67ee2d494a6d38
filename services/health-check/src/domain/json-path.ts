import type { JsonCondition } from './target';

const SEGMENT_RE = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\["([^"]*)"\]/y;

/** Parses the JSON-path subset `$.a.b[0]["c-d"]` into keys; undefined when the expression is outside it. */
export function parseJsonPath(path: string): Array<string | number> | undefined {
  if (!path.startsWith('$')) return undefined;
  const keys: Array<string | number> = [];
  SEGMENT_RE.lastIndex = 1;
  while (SEGMENT_RE.lastIndex < path.length) {
    const start = SEGMENT_RE.lastIndex;
    const m = SEGMENT_RE.exec(path);
    if (!m || m.index !== start) return undefined;
    keys.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (m[3] as string)));
  }
  return keys;
}

function lookup(doc: unknown, keys: Array<string | number>): { found: boolean; value?: unknown } {
  let cur: unknown = doc;
  for (const k of keys) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, k))
      return { found: false };
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return { found: true, value: cur };
}

/** Checks a parsed JSON body against a condition; returns undefined when it holds, else why not. */
export function checkJsonCondition(doc: unknown, cond: JsonCondition): string | undefined {
  const keys = parseJsonPath(cond.path);
  if (!keys) return `unsupported JSON path ${cond.path}`;
  const { found, value } = lookup(doc, keys);
  if (cond.exists !== undefined && found !== cond.exists)
    return `${cond.path} ${cond.exists ? 'is missing' : 'exists'}`;
  if (cond.equals !== undefined) {
    if (!found) return `${cond.path} is missing`;
    if (value !== cond.equals)
      return `${cond.path} is ${JSON.stringify(value)}, expected ${JSON.stringify(cond.equals)}`;
  }
  return undefined;
}
