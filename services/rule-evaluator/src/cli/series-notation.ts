import type { Labels } from '@streamwatch/metrics-core';
import { ValidationError } from '@streamwatch/metrics-core';
import { unquote } from '../domain/promql/literals';

/** One expanded value: a number, 'stale' (kept symbolic: NaN payloads do not survive double arrays), or undefined for `_`. */
export type SeriesValue = number | 'stale' | undefined;

const NUM = '[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|[+-]?Inf|NaN';
const TOKEN_RE = new RegExp(`^(${NUM})(?:(?:([+-])(${NUM}))?x(\\d+))?$`);

function toNumber(s: string): number {
  if (/^[+]?Inf$/.test(s)) return Infinity;
  if (s === '-Inf') return -Infinity;
  if (s === 'NaN') return NaN;
  return Number(s);
}

/** Expands promtool's series notation: `a`, `a+bxN`, `a-bxN`, `axN`, `_`, `_xN`, `stale`. */
export function expandSeriesValues(text: string): SeriesValue[] {
  const out: SeriesValue[] = [];
  for (const tok of text.trim().split(/\s+/).filter(Boolean)) {
    if (tok === '_') {
      out.push(undefined);
      continue;
    }
    if (tok === 'stale') {
      out.push('stale');
      continue;
    }
    const blanks = /^_x(\d+)$/.exec(tok);
    if (blanks) {
      for (let i = 0; i < Number(blanks[1]); i++) out.push(undefined);
      continue;
    }
    const m = TOKEN_RE.exec(tok);
    if (!m) throw new ValidationError(`invalid series value ${JSON.stringify(tok)}`);
    let k = toNumber(m[1] as string);
    out.push(k);
    if (m[4] === undefined) continue;
    const step = m[3] === undefined ? 0 : toNumber(m[3]) * (m[2] === '-' ? -1 : 1);
    for (let i = 0; i < Number(m[4]); i++) {
      k += step;
      out.push(k);
    }
  }
  return out;
}

/** Parses a series description like `up{job="x", instance="y"}` or `{job="x"}` into labels. */
export function parseMetric(text: string): Labels {
  const src = text.trim();
  const labels: Labels = {};
  const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(src)?.[0] ?? '';
  if (name) labels.__name__ = name;
  let rest = src.slice(name.length).trim();
  if (rest === '') {
    if (!name) throw new ValidationError(`invalid series ${JSON.stringify(text)}`);
    return labels;
  }
  if (!rest.startsWith('{') || !rest.endsWith('}'))
    throw new ValidationError(`invalid series ${JSON.stringify(text)}`);
  rest = rest.slice(1, -1);
  const pair = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)\s*(,|$)/;
  while (rest.trim() !== '') {
    const m = pair.exec(rest);
    if (!m) throw new ValidationError(`invalid series ${JSON.stringify(text)}`);
    labels[m[1] as string] = unquote(m[2] as string);
    rest = rest.slice(m[0].length);
  }
  return labels;
}
