import { renderClass, singleCodePoint, type CharClass } from './char-class';
import { literalChar } from './char-set';

/** The parsed pattern with every flag already applied, so rendering needs no context. */
export type Node =
  | { kind: 'empty' }
  | { kind: 'char'; cp: number }
  | { kind: 'class'; cls: CharClass; negated: boolean }
  /** A zero-width assertion, already in JS. */
  | { kind: 'assert'; src: string }
  | { kind: 'group'; capture: boolean; sub: Node }
  | { kind: 'concat'; subs: Node[] }
  | { kind: 'alt'; subs: Node[] }
  | { kind: 'repeat'; min: number; max: number; greedy: boolean; braces: boolean; sub: Node };

export function classNode(cls: CharClass, negated = false): Node {
  const cp = singleCodePoint(cls, negated);
  return cp === undefined ? { kind: 'class', cls, negated } : { kind: 'char', cp };
}

function quantifier(n: { min: number; max: number; greedy: boolean }): string {
  let q: string;
  if (n.min === 0 && n.max === -1) q = '*';
  else if (n.min === 1 && n.max === -1) q = '+';
  else if (n.min === 0 && n.max === 1) q = '?';
  else if (n.min === n.max) q = `{${n.min}}`;
  else q = n.max === -1 ? `{${n.min},}` : `{${n.min},${n.max}}`;
  return n.greedy ? q : `${q}?`;
}

/** The node as something a JS quantifier applies to whole (in `u` mode an assertion cannot be quantified). */
function atom(n: Node): string {
  switch (n.kind) {
    case 'char':
      return literalChar(n.cp);
    case 'class': {
      const r = renderClass(n.cls, n.negated);
      return r.atom ? r.src : `(?:${r.src})`;
    }
    case 'group':
      return n.capture ? `(${render(n.sub)})` : atom(n.sub);
    default:
      return `(?:${render(n)})`;
  }
}

/** JS (`u` flag) source matching what the node matches. */
export function render(n: Node): string {
  switch (n.kind) {
    case 'empty':
      return '';
    case 'assert':
      return n.src;
    case 'concat':
      return n.subs.map((s) => (s.kind === 'alt' ? `(?:${render(s)})` : render(s))).join('');
    case 'alt':
      return n.subs.map(render).join('|');
    case 'group':
      if (n.capture) return `(${render(n.sub)})`;
      return n.sub.kind === 'alt' ? `(?:${render(n.sub)})` : render(n.sub);
    case 'repeat':
      return atom(n.sub) + quantifier(n);
    default:
      return atom(n);
  }
}

/**
 * RE2's limit on nested counted repetition: at most `n` copies of the innermost thing (1000 at the top), so
 * `(a{100}){100}` is refused although each count alone is fine.
 */
export function repeatIsValid(n: Node, limit: number): boolean {
  let budget = limit;
  if (n.kind === 'repeat' && n.braces) {
    const m = n.max === -1 ? n.min : n.max;
    if (n.max === 0) return true;
    if (m > budget) return false;
    if (m > 0) budget = Math.floor(budget / m);
  }
  switch (n.kind) {
    case 'group':
    case 'repeat':
      return repeatIsValid(n.sub, budget);
    case 'concat':
    case 'alt':
      return n.subs.every((s) => repeatIsValid(s, budget));
    default:
      return true;
  }
}
