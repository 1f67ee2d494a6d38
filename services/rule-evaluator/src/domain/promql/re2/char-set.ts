/**
 * Sets of code points as flat `[lo0, hi0, lo1, hi1, ...]` lists. RE2 builds every class as explicit ranges
 * (folding, negation and POSIX groups are range arithmetic), so the translation does too, and only Unicode
 * property tables stay symbolic (see char-class.ts).
 */
export type Ranges = number[];

export const MAX_RUNE = 0x10ffff;

/** Sorted, merged and without overlaps or adjacent pairs, as RE2's cleanClass leaves them. */
export function cleanRanges(r: readonly number[]): Ranges {
  const pairs: [number, number][] = [];
  for (let i = 0; i < r.length; i += 2) pairs.push([r[i] as number, r[i + 1] as number]);
  pairs.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: Ranges = [];
  for (const [lo, hi] of pairs) {
    const last = out.length - 1;
    if (last > 0 && lo <= (out[last] as number) + 1) out[last] = Math.max(out[last] as number, hi);
    else out.push(lo, hi);
  }
  return out;
}

/** The complement of clean ranges within [0, MAX_RUNE]. */
export function negateRanges(r: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (let i = 0; i < r.length; i += 2) {
    const lo = r[i] as number;
    if (next <= lo - 1) out.push(next, lo - 1);
    next = (r[i + 1] as number) + 1;
  }
  if (next <= MAX_RUNE) out.push(next, MAX_RUNE);
  return out;
}

const SAFE_IN_CLASS = /^[A-Za-z0-9 !"#%&',/:;<=>@_`~]$/;

/** One code point written so it means itself inside a `u`-mode class. */
export function classChar(cp: number): string {
  const c = String.fromCodePoint(cp);
  return SAFE_IN_CLASS.test(c) ? c : `\\u{${cp.toString(16)}}`;
}

const SAFE_OUTSIDE = /^[A-Za-z0-9 !"#%&',\-/:;<=>@_`~]$/;

/** One code point written so it means itself outside a class in `u` mode (where `\-` or a lone `}` is an error). */
export function literalChar(cp: number): string {
  const c = String.fromCodePoint(cp);
  return SAFE_OUTSIDE.test(c) ? c : `\\u{${cp.toString(16)}}`;
}

/** The body of a class (without brackets) holding exactly `r`. */
export function rangesBody(r: Ranges): string {
  let out = '';
  for (let i = 0; i < r.length; i += 2) {
    const lo = r[i] as number;
    const hi = r[i + 1] as number;
    out += lo === hi ? classChar(lo) : `${classChar(lo)}-${classChar(hi)}`;
  }
  return out;
}
