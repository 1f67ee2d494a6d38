/**
 * Text PostgreSQL can store. PostgreSQL refuses U+0000 in `text` and `jsonb`, and `jsonb` refuses the
 * escaped lone surrogates JSON.stringify writes for unpaired UTF-16 halves. Both can arrive in a label
 * value (a sample carrying them fires an alert) or in a provider's answer; neither may cost a page.
 */
// eslint-disable-next-line no-control-regex -- U+0000 is precisely the character to find
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const UNSAFE_TEST = new RegExp(UNSAFE.source);

export const REPLACEMENT = '\uFFFD';

/** True when `s` holds a U+0000 or a lone surrogate. */
export function hasUnsafeText(s: string): boolean {
  return UNSAFE_TEST.test(s);
}

/** Replaces U+0000 and lone surrogates by U+FFFD, so the value stays visible and storable. */
export function safeText(s: string): string {
  return UNSAFE_TEST.test(s) ? s.replace(UNSAFE, REPLACEMENT) : s;
}

/** safeText, then cut to at most `maxChars` UTF-16 units without leaving half of a surrogate pair. */
export function boundedText(s: string, maxChars: number): string {
  const safe = safeText(s);
  if (safe.length <= maxChars) return safe;
  const cut = safe.slice(0, maxChars);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** A string map (labels, annotations) with safe keys and values. */
export function safeRecord(r: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(r)) out[safeText(k)] = safeText(v);
  return out;
}
