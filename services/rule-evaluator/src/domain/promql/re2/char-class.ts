import { foldExtras, foldRanges } from './case-fold';
import { cleanRanges, MAX_RUNE, negateRanges, rangesBody, type Ranges } from './char-set';
import type { UnicodeTable } from './unicode-names';

/**
 * A character class as RE2 builds it: the union of explicit ranges and Unicode property tables. A property
 * stays symbolic (`\p{Lu}`) because JS has the tables; what folding adds to it is written out. The one thing a
 * JS class cannot hold is the complement of a folded property, `(?i)\P{Lu}`, kept apart in `complements`.
 */
export interface CharClass {
  readonly ranges: Ranges;
  readonly props: readonly string[];
  readonly complements: readonly { ranges: Ranges; props: readonly string[] }[];
}

/** RE2's Perl and POSIX groups, ASCII only whatever the flags. */
const DIGIT = [0x30, 0x39];
const WORD = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
export const PERL_GROUPS: Record<string, Ranges> = { d: DIGIT, s: [0x9, 0xa, 0xc, 0xd, 0x20, 0x20], w: WORD };
export const POSIX_GROUPS = new Map<string, Ranges>(
  Object.entries({
    alnum: [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a],
    alpha: [0x41, 0x5a, 0x61, 0x7a],
    ascii: [0x0, 0x7f],
    blank: [0x9, 0x9, 0x20, 0x20],
    cntrl: [0x0, 0x1f, 0x7f, 0x7f],
    digit: DIGIT,
    graph: [0x21, 0x7e],
    lower: [0x61, 0x7a],
    print: [0x20, 0x7e],
    punct: [0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e],
    space: [0x9, 0xd, 0x20, 0x20],
    upper: [0x41, 0x5a],
    word: WORD,
    xdigit: [0x30, 0x39, 0x41, 0x46, 0x61, 0x66],
  }),
);

const extrasByProp = new Map<string, Ranges>();

/** What folding adds to a property table (RE2's FoldCategory/FoldScript), computed once per property. */
function propFoldExtras(prop: string): Ranges {
  let extras = extrasByProp.get(prop);
  if (!extras) {
    const re = new RegExp(`\\p{${prop}}`, 'u');
    extras = foldExtras((c) => re.test(c));
    extrasByProp.set(prop, extras);
  }
  return extras;
}

/** Collects the items of one class under the case-folding flag in force where each item is written. */
export class ClassBuilder {
  private readonly ranges: number[] = [];
  private readonly props: string[] = [];
  private readonly complements: { ranges: Ranges; props: string[] }[] = [];

  constructor(private readonly fold: boolean) {}

  range(lo: number, hi: number): this {
    this.ranges.push(...(this.fold ? foldRanges([lo, hi]) : [lo, hi]));
    return this;
  }

  /** A Perl or POSIX group; RE2 folds the group first and negates the folded set. */
  group(ranges: Ranges, negated: boolean): this {
    const set = this.fold ? foldRanges(ranges) : ranges;
    this.ranges.push(...(negated ? negateRanges(cleanRanges(set)) : set));
    return this;
  }

  unicode(table: UnicodeTable, negated: boolean): this {
    if ('all' in table) {
      if (!negated) this.ranges.push(0, MAX_RUNE);
      return this;
    }
    if ('ascii' in table) return this.group([0, 0x7f], negated);
    const positive = negated === table.inverted;
    const extras = this.fold ? propFoldExtras(table.prop) : [];
    if (positive) {
      this.props.push(`\\p{${table.prop}}`);
      this.ranges.push(...extras);
    } else if (extras.length === 0) this.props.push(`\\P{${table.prop}}`);
    else this.complements.push({ ranges: extras, props: [`\\p{${table.prop}}`] });
    return this;
  }

  build(): CharClass {
    return { ranges: cleanRanges(this.ranges), props: this.props, complements: this.complements };
  }
}

/** The set as one JS class body, choosing between `[...]` and `[^...]` by length (`.` becomes `[^\n]`). */
function plainClass(ranges: Ranges, props: readonly string[], negated: boolean): string {
  if (props.length > 0) return `[${negated ? '^' : ''}${props.join('')}${rangesBody(ranges)}]`;
  const direct = rangesBody(ranges);
  const inverse = rangesBody(negateRanges(ranges));
  return inverse.length < direct.length
    ? `[${negated ? '' : '^'}${inverse}]`
    : `[${negated ? '^' : ''}${direct}]`;
}

/** JS source matching one code point of the class (or, `negated`, of its complement); `atom` if quantifiable as is. */
export function renderClass(c: CharClass, negated: boolean): { src: string; atom: boolean } {
  if (c.complements.length === 0) return { src: plainClass(c.ranges, c.props, negated), atom: true };
  const parts = c.complements.map((x) => plainClass(x.ranges, x.props, true));
  if (c.ranges.length > 0 || c.props.length > 0) parts.unshift(plainClass(c.ranges, c.props, false));
  if (negated) return { src: `(?!${parts.join('|')})[^]`, atom: false };
  return parts.length === 1
    ? { src: parts[0] as string, atom: true }
    : { src: `(?:${parts.join('|')})`, atom: true };
}

/** The code point a class matches when it matches exactly one, so it can be written as a literal. */
export function singleCodePoint(c: CharClass, negated: boolean): number | undefined {
  if (negated || c.props.length > 0 || c.complements.length > 0 || c.ranges.length !== 2) return undefined;
  return c.ranges[0] === c.ranges[1] ? c.ranges[0] : undefined;
}
