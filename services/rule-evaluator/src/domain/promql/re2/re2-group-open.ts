import { Cursor, Re2Code, Re2Error } from './re2-scan';

export interface Flags {
  fold: boolean;
  multiLine: boolean;
  dotNL: boolean;
  ungreedy: boolean;
}

/** What a `(` opens: a capture, a group with its flags (`(?i:`), or no group, only new flags (`(?i)`). */
export type GroupOpen =
  | { kind: 'capture'; name: string | undefined }
  | { kind: 'group'; flags: Flags }
  | { kind: 'flags'; flags: Flags };

const FLAG_NAMES = { i: 'fold', m: 'multiLine', s: 'dotNL', U: 'ungreedy' } as const;

/** Go words these errors by syntax; saying which Perl feature it is helps whoever wrote the rule. */
function unsupportedGroupHint(after: string): string | undefined {
  if (after.startsWith('=') || after.startsWith('!')) return 'lookahead is not supported by RE2';
  if (after.startsWith('<=') || after.startsWith('<!')) return 'lookbehind is not supported by RE2';
  if (after.startsWith('>')) return 'atomic groups are not supported by RE2';
  if (after.startsWith('P=') || after.startsWith('P>')) return 'backreferences are not supported by RE2';
  return undefined;
}

function namedCapture(cur: Cursor, rest: string, nameStart: number): GroupOpen {
  const end = rest.indexOf('>');
  const hint = unsupportedGroupHint(rest.slice(2));
  if (end < 0) throw new Re2Error(Re2Code.invalidNamedCapture, rest, hint);
  const name = rest.slice(nameStart, end);
  if (!/^[A-Za-z0-9_]+$/.test(name))
    throw new Re2Error(Re2Code.invalidNamedCapture, rest.slice(0, end + 1), hint);
  cur.pos += end + 1;
  return { kind: 'capture', name };
}

/** `(?i)`, `(?-s:`, `(?:`: RE2 accepts the flags i, m, s and U, and one `-` followed by at least one flag. */
function perlFlags(cur: Cursor, flags: Flags): GroupOpen {
  const start = cur.pos;
  cur.pos += 2;
  const next = { ...flags };
  let on = true;
  let sawFlag = false;
  while (!cur.done) {
    const c = String.fromCodePoint(cur.next());
    if (c === 'i' || c === 'm' || c === 's' || c === 'U') {
      next[FLAG_NAMES[c]] = on;
      sawFlag = true;
    } else if (c === '-' && on) {
      on = false;
      sawFlag = false;
    } else if ((c === ':' || c === ')') && (on || sawFlag)) {
      return { kind: c === ':' ? 'group' : 'flags', flags: next };
    } else break;
  }
  throw new Re2Error(Re2Code.invalidPerlOp, cur.from(start), unsupportedGroupHint(cur.src.slice(start + 2)));
}

/** The `(` at the cursor, read as RE2 reads it under Perl flags (`(?P<n>`, `(?<n>`, flags), cursor moved past it. */
export function parseGroupOpen(cur: Cursor, flags: Flags): GroupOpen {
  if (cur.peek(1) !== '?') {
    cur.pos++;
    return { kind: 'capture', name: undefined };
  }
  const rest = cur.src.slice(cur.pos);
  if (rest.length > 4 && rest.startsWith('(?P<')) return namedCapture(cur, rest, 4);
  if (rest.length > 3 && rest[2] === '<') return namedCapture(cur, rest, 3);
  return perlFlags(cur, flags);
}
