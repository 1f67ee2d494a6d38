import { orbitOf } from './case-fold';
import { ClassBuilder } from './char-class';
import { MAX_RUNE } from './char-set';
import { classNode, repeatIsValid, type Node } from './re2-ast';
import { parseBracketClass, parsePerlClass, parseUnicodeClass } from './re2-class-parser';
import { parseGroupOpen, type Flags } from './re2-group-open';
import { Cursor, parseEscape, readBraces, Re2Code, Re2Error } from './re2-scan';

interface Frame {
  /** The flags in force before the group opened, restored when it closes. */
  saved: Flags;
  capture: boolean;
  alts: Node[];
  concat: Node[];
}

export interface ParsedRe2 {
  root: Node;
  /** By capture number (index 0 unused): the group's name, if it has one. */
  groupNames: (string | undefined)[];
}

const MAX_DEPTH = 1000;
const MAX_REPEAT = 1000;

function sequence(nodes: Node[]): Node {
  if (nodes.length === 0) return { kind: 'empty' };
  return nodes.length === 1 ? (nodes[0] as Node) : { kind: 'concat', subs: nodes };
}

const validCount = (n: number): boolean => n >= 0 && n <= MAX_REPEAT;

const ESCAPED_ASSERTIONS = new Map([
  ['A', '^'],
  ['z', '$'],
  ['b', '\\b'],
  ['B', '\\B'],
]);

/** Go's regexp/syntax parser under Perl flags, building a flag-free tree (see re2-ast.ts). */
class Parser {
  private readonly cur: Cursor;
  private flags: Flags;
  private frame: Frame;
  private readonly outer: Frame[] = [];
  private readonly groupNames: (string | undefined)[] = [undefined];
  /** Where the previous token's repetition operator began: RE2 refuses `a**` and `a*+`. */
  private lastRepeat = -1;

  constructor(pattern: string, initial: Flags) {
    this.cur = new Cursor(pattern);
    this.flags = initial;
    this.frame = { saved: initial, capture: false, alts: [], concat: [] };
  }

  parse(): ParsedRe2 {
    const cur = this.cur;
    while (!cur.done) {
      const opStart = cur.pos;
      let repeated = false;
      switch (cur.peek()) {
        case '(':
          this.openGroup();
          break;
        case ')':
          this.closeGroup();
          break;
        case '|':
          cur.pos++;
          this.frame.alts.push(sequence(this.frame.concat));
          this.frame.concat = [];
          break;
        case '^':
          cur.pos++;
          this.push({ kind: 'assert', src: this.flags.multiLine ? '(?<![^\\n])' : '^' });
          break;
        case '$':
          cur.pos++;
          this.push({ kind: 'assert', src: this.flags.multiLine ? '(?![^\\n])' : '$' });
          break;
        case '.':
          cur.pos++;
          this.push(this.dot());
          break;
        case '[': {
          const { cls, negated } = parseBracketClass(cur, this.flags.fold);
          this.push(classNode(cls, negated));
          break;
        }
        case '*':
        case '+':
        case '?': {
          const op = cur.peek();
          cur.pos++;
          this.repeat(op === '+' ? 1 : 0, op === '?' ? 1 : -1, false, opStart);
          repeated = true;
          break;
        }
        case '{':
          repeated = this.braces(opStart);
          break;
        case '\\':
          this.escape();
          break;
        default:
          this.literal(cur.next());
      }
      this.lastRepeat = repeated ? opStart : -1;
    }
    if (this.outer.length > 0) throw new Re2Error(Re2Code.missingParen, cur.src);
    return { root: this.finish(this.frame), groupNames: this.groupNames };
  }

  /** `.` without `s` is any code point but `\n` (JS's own `.` also leaves out `\r`, U+2028 and U+2029). */
  private dot(): Node {
    const b = new ClassBuilder(false);
    return classNode((this.flags.dotNL ? b.range(0, MAX_RUNE) : b.range(0, 9).range(11, MAX_RUNE)).build());
  }

  private push(n: Node): void {
    this.frame.concat.push(n);
  }

  private literal(cp: number): void {
    const folds = this.flags.fold && orbitOf(cp).length > 1;
    this.push(folds ? classNode(new ClassBuilder(true).range(cp, cp).build()) : { kind: 'char', cp });
  }

  private finish(f: Frame): Node {
    const alts = [...f.alts, sequence(f.concat)];
    return alts.length === 1 ? (alts[0] as Node) : { kind: 'alt', subs: alts };
  }

  private repeat(min: number, max: number, braces: boolean, opStart: number): void {
    const cur = this.cur;
    let greedy = !this.flags.ungreedy;
    if (cur.peek() === '?') {
      cur.pos++;
      greedy = !greedy;
    }
    if (this.lastRepeat >= 0) {
      const hint = cur.src[opStart] === '+' ? 'possessive quantifiers are not supported by RE2' : undefined;
      throw new Re2Error(Re2Code.invalidRepeatOp, cur.src.slice(this.lastRepeat, cur.pos), hint);
    }
    const sub = this.frame.concat.pop();
    if (!sub) throw new Re2Error(Re2Code.missingRepeatArgument, cur.src.slice(opStart, cur.pos));
    const node: Node = { kind: 'repeat', min, max, greedy, braces, sub };
    this.push(node);
    if (braces && (min >= 2 || max >= 2) && !repeatIsValid(node, MAX_REPEAT))
      throw new Re2Error(Re2Code.invalidRepeatSize, cur.src.slice(opStart, cur.pos));
  }

  /** A `{n,m}` repeat, or a literal `{` when it does not read as one; true for a repeat. */
  private braces(opStart: number): boolean {
    const r = readBraces(this.cur);
    if (!r) {
      this.cur.pos++;
      this.push({ kind: 'char', cp: 0x7b });
      return false;
    }
    const unbounded = r.max === Infinity;
    if (!validCount(r.min) || (!unbounded && (!validCount(r.max) || r.min > r.max)))
      throw new Re2Error(Re2Code.invalidRepeatSize, this.cur.from(opStart));
    this.repeat(r.min, unbounded ? -1 : r.max, true, opStart);
    return true;
  }

  private escape(): void {
    const cur = this.cur;
    const c = cur.peek(1);
    const assertion = ESCAPED_ASSERTIONS.get(c);
    if (assertion !== undefined) {
      cur.pos += 2;
      this.push({ kind: 'assert', src: assertion });
      return;
    }
    if (c === 'C') throw new Re2Error(Re2Code.invalidEscape, '\\C', 'RE2 does not match single bytes');
    if (c === 'Q') {
      const end = cur.src.indexOf('\\E', cur.pos + 2);
      const quoted = new Cursor(cur.src.slice(cur.pos + 2, end < 0 ? undefined : end));
      while (!quoted.done) this.literal(quoted.next());
      cur.pos = end < 0 ? cur.src.length : end + 2;
      return;
    }
    const b = new ClassBuilder(this.flags.fold);
    if (parseUnicodeClass(cur, b) || parsePerlClass(cur, b)) this.push(classNode(b.build()));
    else this.literal(parseEscape(cur));
  }

  private openGroup(): void {
    const opened = parseGroupOpen(this.cur, this.flags);
    if (opened.kind === 'capture') this.open(true, opened.name);
    else if (opened.kind === 'group') {
      this.open(false, undefined);
      this.flags = opened.flags;
    } else this.flags = opened.flags;
  }

  private open(capture: boolean, name: string | undefined): void {
    if (this.outer.length >= MAX_DEPTH) throw new Re2Error(Re2Code.nestingDepth, this.cur.src);
    if (capture) this.groupNames.push(name);
    this.outer.push(this.frame);
    this.frame = { saved: this.flags, capture, alts: [], concat: [] };
  }

  private closeGroup(): void {
    const parent = this.outer.pop();
    if (!parent) throw new Re2Error(Re2Code.unexpectedParen, this.cur.src);
    this.cur.pos++;
    const group = this.frame;
    this.frame = parent;
    this.flags = group.saved;
    this.push({ kind: 'group', capture: group.capture, sub: this.finish(group) });
  }
}

/** Parses an RE2 pattern as Prometheus does: `.` matches `\n` unless `(?-s)` says otherwise. */
export function parseRe2(pattern: string): ParsedRe2 {
  return new Parser(pattern, { fold: false, multiLine: false, dotNL: true, ungreedy: false }).parse();
}
