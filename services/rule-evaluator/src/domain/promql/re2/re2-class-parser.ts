import { ClassBuilder, PERL_GROUPS, POSIX_GROUPS, type CharClass } from './char-class';
import { Cursor, parseEscape, Re2Code, Re2Error } from './re2-scan';
import { unicodeTable } from './unicode-names';

/** `\pL`, `\p{Greek}`, `\P{^Lu}` at the cursor, added to `b`; false when the cursor is not at one. */
export function parseUnicodeClass(cur: Cursor, b: ClassBuilder): boolean {
  if (cur.peek() !== '\\' || (cur.peek(1) !== 'p' && cur.peek(1) !== 'P')) return false;
  const start = cur.pos;
  let negated = cur.peek(1) === 'P';
  cur.pos += 2;
  let name = '';
  if (cur.peek() === '{') {
    const end = cur.src.indexOf('}', cur.pos);
    if (end < 0) throw new Re2Error(Re2Code.invalidCharRange, cur.src.slice(start));
    name = cur.src.slice(cur.pos + 1, end);
    cur.pos = end + 1;
  } else if (!cur.done) name = String.fromCodePoint(cur.next());
  if (name.startsWith('^')) {
    negated = !negated;
    name = name.slice(1);
  }
  const table = unicodeTable(name);
  if (!table) throw new Re2Error(Re2Code.invalidCharRange, cur.from(start), 'unknown Unicode class');
  b.unicode(table, negated);
  return true;
}

/** `\d \D \s \S \w \W` at the cursor, added to `b`. */
export function parsePerlClass(cur: Cursor, b: ClassBuilder): boolean {
  const c = cur.peek(1);
  if (cur.peek() !== '\\' || !/^[dDsSwW]$/.test(c)) return false;
  cur.pos += 2;
  b.group(PERL_GROUPS[c.toLowerCase()] as number[], c !== c.toLowerCase());
  return true;
}

/** `[:alpha:]` or `[:^alpha:]` at the cursor; RE2 refuses an unknown name once it has seen the closing `:]`. */
function parsePosixClass(cur: Cursor, b: ClassBuilder): boolean {
  if (!cur.startsWith('[:') || cur.pos + 2 >= cur.src.length) return false;
  const end = cur.src.indexOf(':]', cur.pos + 2);
  if (end < 0) return false;
  const text = cur.src.slice(cur.pos, end + 2);
  const m = /^\[:(\^?)([a-z]+):\]$/.exec(text);
  const ranges = m ? POSIX_GROUPS.get(m[2] as string) : undefined;
  if (!ranges) throw new Re2Error(Re2Code.invalidCharRange, text, 'unknown POSIX class');
  const negated = m?.[1] === '^';
  b.group(ranges, negated);
  cur.pos = end + 2;
  return true;
}

function classChar(cur: Cursor, start: number): number {
  if (cur.done) throw new Re2Error(Re2Code.missingBracket, cur.src.slice(start));
  return cur.peek() === '\\' ? parseEscape(cur) : cur.next();
}

/** A bracket class at the cursor (`[`), read the way RE2's parseClass reads one under Perl flags. */
export function parseBracketClass(cur: Cursor, fold: boolean): { cls: CharClass; negated: boolean } {
  const start = cur.pos;
  cur.pos++;
  const negated = cur.peek() === '^';
  if (negated) cur.pos++;
  const b = new ClassBuilder(fold);
  for (let first = true; cur.done || cur.peek() !== ']' || first; first = false) {
    if (cur.done) throw new Re2Error(Re2Code.missingBracket, cur.src.slice(start));
    if (parsePosixClass(cur, b) || parseUnicodeClass(cur, b) || parsePerlClass(cur, b)) continue;
    const rangeStart = cur.pos;
    const lo = classChar(cur, start);
    let hi = lo;
    if (cur.peek() === '-' && cur.pos + 1 < cur.src.length && cur.peek(1) !== ']') {
      cur.pos++;
      hi = classChar(cur, start);
      if (hi < lo) throw new Re2Error(Re2Code.invalidCharRange, cur.from(rangeStart));
    }
    b.range(lo, hi);
  }
  cur.pos++;
  return { cls: b.build(), negated };
}
