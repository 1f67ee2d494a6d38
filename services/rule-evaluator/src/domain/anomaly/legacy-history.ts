import type { Labels } from '@streamwatch/metrics-core';

/**
 * Before series keys escaped label values, seasonal history was stored under keys that wrote each value
 * verbatim between its quotes (`verbatimKey`), all under an expression's `historyId`. For a label set whose
 * values hold no `\`, `"` or newline that key is byte for byte its key today, so such history stays where it
 * is and `historyId` only ever receives such keys. The other series keep theirs under `escapedHistoryId`
 * and take over what their verbatim key holds: the history they had before. A verbatim key that is also the
 * key of a label set needing no escaping (`{a="x",b="y"}` for `{a='x",b="y'}`) stays with that label set,
 * which still writes there.
 */

const PAIR_START = /[a-zA-Z_][a-zA-Z0-9_]*="/y;

/** The key a series' history was stored under before label values were escaped. */
export function verbatimKey(labels: Labels): string {
  let out = '{';
  for (const name of Object.keys(labels).sort())
    out += (out.length > 1 ? ',' : '') + `${name}="${labels[name]}"`;
  return out + '}';
}

/** True when `key` is the key of a label set whose values need no escaping: its key then and now. */
export function isUnescapedKey(key: string): boolean {
  if (key === '{}') return true;
  if (!key.startsWith('{') || key.includes('\\') || key.includes('\n')) return false;
  for (let p = 1; ;) {
    PAIR_START.lastIndex = p;
    if (!PAIR_START.test(key)) return false;
    const close = key.indexOf('"', PAIR_START.lastIndex);
    if (close >= 0 && close === key.length - 2 && key.endsWith('}')) return true;
    if (close < 0 || key[close + 1] !== ',') return false;
    p = close + 2;
  }
}
