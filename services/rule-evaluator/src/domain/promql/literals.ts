import { parseDuration } from '@streamwatch/metrics-core';

/** Parses a PromQL number literal: decimal, hex, Inf, NaN (case-insensitive). */
export function parseNumberLiteral(text: string): number | undefined {
  const t = text.toLowerCase();
  if (t === 'inf' || t === '+inf') return Infinity;
  if (t === '-inf') return -Infinity;
  if (t === 'nan') return NaN;
  if (t.startsWith('-') || t.startsWith('+')) {
    // the grammar folds a sign into the literal after an operator, as in `x > -5`
    const v = t.length > 1 && t[1] !== '-' && t[1] !== '+' ? parseNumberLiteral(text.slice(1)) : undefined;
    return v === undefined ? undefined : t.startsWith('-') ? -v : v;
  }
  if (/^0x[0-9a-f]+$/.test(t)) return parseInt(t.slice(2), 16);
  if (/^[0-9]*\.?[0-9]+(e[+-]?[0-9]+)?$|^[0-9]+\.$/.test(t)) return Number(t);
  const d = parseDuration(text);
  return d === undefined ? undefined : d / 1000;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

/** Unquotes a Go-style string literal ("...", '...' or `...`). */
export function unquote(raw: string): string {
  const q = raw[0];
  const body = raw.slice(1, -1);
  if (q === '`') return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i] ?? '';
    if (e in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[e];
    else if (e === 'x') {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e === 'u') {
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else if (e === 'U') {
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 9), 16));
      i += 8;
    } else if (/[0-7]/.test(e)) {
      out += String.fromCharCode(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else out += e;
  }
  return out;
}
