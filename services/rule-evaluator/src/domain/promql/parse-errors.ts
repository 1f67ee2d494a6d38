import type { Tree, SyntaxNode } from '@lezer/common';
import { PromQLError, type SourcePosition } from './api';
import { AGGREGATIONS, FUNCTIONS } from './signatures';

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset']);

export function positionOf(text: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1, offset };
}

export function errorAt(text: string, node: SyntaxNode | number, message: string): PromQLError {
  const offset = typeof node === 'number' ? node : node.from;
  return new PromQLError(message, positionOf(text, offset));
}

/** Names followed by `(` that are neither supported functions, aggregations nor keywords. */
function unknownFunction(text: string): { name: string; offset: number } | undefined {
  const blanked = text.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`|#[^\n]*/g, (s) =>
    ' '.repeat(s.length),
  );
  const re = /([a-zA-Z_][a-zA-Z0-9_:]*)\s*\(/g;
  for (let m = re.exec(blanked); m; m = re.exec(blanked)) {
    const name = m[1] as string;
    const lower = name.toLowerCase();
    if (!(name in FUNCTIONS) && !AGGREGATIONS.has(lower) && !KEYWORDS.has(lower))
      return { name, offset: m.index };
  }
  return undefined;
}

/** Throws a PromQLError for the first syntax error in the lezer tree, naming unknown functions when it can. */
export function throwOnSyntaxError(text: string, tree: Tree): void {
  if (text.trim() === '') throw new PromQLError('empty expression', positionOf(text, 0));
  let first: number | undefined;
  tree.iterate({
    enter(n) {
      if (first !== undefined) return false;
      if (n.type.isError) {
        first = n.from;
        return false;
      }
      return undefined;
    },
  });
  if (first === undefined) return;
  const unknown = unknownFunction(text);
  if (unknown) throw errorAt(text, unknown.offset, `unsupported function: ${unknown.name}`);
  const rest = text.slice(first).trim();
  const what = rest === '' ? 'unexpected end of input' : `unexpected ${JSON.stringify(rest.slice(0, 20))}`;
  throw errorAt(text, first, `syntax error: ${what}`);
}
