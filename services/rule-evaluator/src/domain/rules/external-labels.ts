import { LABEL_NAME_RE, type Labels } from '@streamwatch/metrics-core';

/** Lone UTF-16 surrogates: a label value must be valid UTF-8, which these cannot be encoded as. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Splits on commas outside double quotes (a quoted value may hold commas and `\"`). */
function splitEntries(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

function parseValue(name: string, raw: string): { value?: string; problem?: string } {
  if (!raw.startsWith('"')) {
    if (raw.includes('"')) return { problem: `value of "${name}" has a stray quote; quote the whole value` };
    return { value: raw };
  }
  try {
    const value: unknown = raw.endsWith('"') && raw.length > 1 ? JSON.parse(raw) : undefined;
    if (typeof value === 'string') return { value };
  } catch {
    // reported below
  }
  return { problem: `value of "${name}" is not a complete double-quoted string: ${raw}` };
}

function checkLabel(name: string, value: string): string | undefined {
  if (name.startsWith('__')) return `label name "${name}" is reserved (starts with "__")`;
  if (!LABEL_NAME_RE.test(name))
    return `"${name}" is not a valid label name (must match ${LABEL_NAME_RE.source})`;
  if (value === '') return `label "${name}" has an empty value`;
  if (LONE_SURROGATE.test(value)) return `label "${name}" has a value that is not valid UTF-8`;
  return undefined;
}

/**
 * Parses `EXTERNAL_LABELS`: comma-separated `name=value` entries, e.g. `cluster=prod,region=eu-west-1`.
 * Space around names and values is trimmed and empty entries are skipped. A value holding a comma or a quote
 * is written as a JSON string: `team="db, storage"`. Returns every problem found, one message each (bad
 * syntax, invalid or reserved names, empty values, repeated names), and the labels that were good.
 */
export function parseExternalLabels(text: string): { labels: Labels; problems: string[] } {
  const labels: Labels = {};
  const problems: string[] = [];
  for (const entry of splitEntries(text).map((e) => e.trim())) {
    if (entry === '') continue;
    const eq = entry.indexOf('=');
    if (eq < 0) {
      problems.push(`"${entry}" is not of the form name=value`);
      continue;
    }
    const name = entry.slice(0, eq).trim();
    const { value, problem } = parseValue(name, entry.slice(eq + 1).trim());
    const bad = problem ?? checkLabel(name, value ?? '');
    if (bad !== undefined) problems.push(bad);
    else if (Object.hasOwn(labels, name)) problems.push(`label "${name}" is given more than once`);
    else labels[name] = value ?? '';
  }
  return { labels, problems };
}

/**
 * An alert's labels with the external labels added where the alert has no such label (an alert's own label
 * wins), as Prometheus' notifier does before sending to Alertmanager. Returns `labels` itself when nothing is
 * added.
 */
export function withExternalLabels(labels: Labels, external: Labels | undefined): Labels {
  let out: Labels | undefined;
  for (const name in external) {
    if (Object.hasOwn(labels, name) && labels[name] !== '') continue;
    out ??= { ...labels };
    out[name] = external[name] as string;
  }
  return out ?? labels;
}
