import { render } from './re2-ast';
import { parseRe2 } from './re2-parser';

export { Re2Error } from './re2-scan';

/** An RE2 pattern as JS: `source` is for the `u` flag and no other; captures keep RE2's numbering. */
export interface Re2Translation {
  source: string;
  /** By capture number (index 0 unused). JS names must be identifiers and unique, RE2's need not, so groups
   * are emitted unnamed and looked up here. */
  groupNames: (string | undefined)[];
}

/**
 * Translates an RE2 pattern (Go regexp/syntax, Perl flags) to JS that matches the same strings, with `.`
 * matching `\n` as in Prometheus' `(?s:...)` wrapping. Throws Re2Error for anything RE2 refuses.
 */
export function translateRe2(pattern: string): Re2Translation {
  const { root, groupNames } = parseRe2(pattern);
  return { source: render(root), groupNames };
}
