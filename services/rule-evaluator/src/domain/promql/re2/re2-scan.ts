/** RE2's error codes, worded as Go's regexp/syntax words them. */
export const Re2Code = {
  invalidCharClass: 'invalid character class',
  invalidCharRange: 'invalid character class range',
  invalidEscape: 'invalid escape sequence',
  invalidNamedCapture: 'invalid named capture',
  invalidPerlOp: 'invalid or unsupported Perl syntax',
  invalidRepeatOp: 'invalid nested repetition operator',
  invalidRepeatSize: 'invalid repeat count',
  invalidUTF8: 'invalid UTF-8',
  missingBracket: 'missing closing ]',
  missingParen: 'missing closing )',
  missingRepeatArgument: 'missing argument to repetition operator',
  trailingBackslash: 'trailing backslash at end of expression',
  unexpectedParen: 'unexpected )',
  nestingDepth: 'expression nests too deeply',
} as const;

export class Re2Error extends Error {
  constructor(code: string, expr: string, hint?: string) {
    super(`${code}: \`${expr}\`${hint ? ` (${hint})` : ''}`);
    this.name = 'Re2Error';
  }
}

/** A position in the pattern, read by code point; a lone surrogate is RE2's invalid UTF-8. */
export class Cursor {
  constructor(
    readonly src: string,
    public pos = 0,
  ) {}

  get done(): boolean {
    return this.pos >= this.src.length;
  }

  /** The UTF-16 unit `off` ahead (ASCII syntax checks only). */
  peek(off = 0): string {
    return this.src.charAt(this.pos + off);
  }

  startsWith(s: string): boolean {
    return this.src.startsWith(s, this.pos);
  }

  next(): number {
    const cp = this.src.codePointAt(this.pos);
    if (cp === undefined) return 0xfffd;
    if (cp >= 0xd800 && cp <= 0xdfff) throw new Re2Error(Re2Code.invalidUTF8, this.src.slice(this.pos));
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }

  from(start: number): string {
    return this.src.slice(start, this.pos);
  }
}

const isOctal = (c: string): boolean => c >= '0' && c <= '7';
const hexValue = (c: string): number => (/^[0-9A-Fa-f]$/.test(c) ? parseInt(c, 16) : -1);
const SIMPLE: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };

function escapeHint(c: string): string | undefined {
  if (c >= '1' && c <= '9') return 'backreferences are not supported by RE2';
  if (c === 'Z') return 'RE2 has no \\Z; \\z is the end of the text';
  return undefined;
}

function parseHex(cur: Cursor): number | undefined {
  if (cur.peek() === '{') {
    cur.pos++;
    let value = 0;
    let digits = 0;
    while (!cur.done) {
      const c = String.fromCodePoint(cur.next());
      if (c === '}') return digits > 0 ? value : undefined;
      const v = hexValue(c);
      if (v < 0) return undefined;
      value = value * 16 + v;
      if (value > 0x10ffff) return undefined;
      digits++;
    }
    return undefined;
  }
  if (cur.done) return undefined;
  const x = hexValue(String.fromCodePoint(cur.next()));
  const y = cur.done ? -1 : hexValue(String.fromCodePoint(cur.next()));
  return x < 0 || y < 0 ? undefined : x * 16 + y;
}

/** A single-character escape at the cursor (a backslash), as RE2's parseEscape reads it. */
export function parseEscape(cur: Cursor): number {
  const start = cur.pos;
  cur.pos++;
  if (cur.done) throw new Re2Error(Re2Code.trailingBackslash, '');
  const cp = cur.next();
  const c = String.fromCodePoint(cp);
  if (cp < 0x80 && !/[A-Za-z0-9]/.test(c)) return cp;
  if (c === '0' || (c >= '1' && c <= '7' && isOctal(cur.peek()))) {
    let value = cp - 0x30;
    for (let i = 1; i < 3 && isOctal(cur.peek()); i++) value = value * 8 + (cur.next() - 0x30);
    return value;
  }
  if (c === 'x') {
    const value = parseHex(cur);
    if (value !== undefined) return value;
  }
  const simple = SIMPLE[c];
  if (simple !== undefined) return simple;
  throw new Re2Error(Re2Code.invalidEscape, cur.from(start), escapeHint(c));
}

/** Decimal count of a `{n,m}` repeat as RE2 reads it: no leading zeros; -1 when too big. */
function readCount(cur: Cursor): number | undefined {
  const m = /^(?:0|[1-9][0-9]*)(?![0-9])/.exec(cur.src.slice(cur.pos));
  if (!m) return undefined;
  cur.pos += m[0].length;
  return m[0].length > 8 ? -1 : Number(m[0]);
}

/** `{n}`, `{n,}` (max Infinity) or `{n,m}` at the cursor; undefined (cursor unmoved) for a literal `{`. */
export function readBraces(cur: Cursor): { min: number; max: number } | undefined {
  const start = cur.pos;
  cur.pos++;
  const min = readCount(cur);
  let max = min;
  if (min !== undefined && cur.peek() === ',') {
    cur.pos++;
    max = cur.peek() === '}' ? Infinity : readCount(cur);
  }
  if (min === undefined || max === undefined || cur.peek() !== '}') {
    cur.pos = start;
    return undefined;
  }
  cur.pos++;
  return { min, max };
}
