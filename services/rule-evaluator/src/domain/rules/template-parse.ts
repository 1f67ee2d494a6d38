import { ValidationError } from '@streamwatch/metrics-core';

export type Operand =
  | { kind: 'literal'; value: string | number | boolean }
  | { kind: 'path'; root: string; fields: string[] }
  | { kind: 'call'; name: string; args: Operand[] }
  | { kind: 'pipeline'; pipeline: Operand[] };

export type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipeline: Operand[] }
  | { kind: 'if'; cond: Operand[]; then: TemplateNode[]; else: TemplateNode[] };

export class TemplateError extends ValidationError {}

const TOKEN_RE =
  /\s*(?:("(?:[^"\\]|\\.)*")|(`[^`]*`)|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(\$[A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)|((?:\.[A-Za-z0-9_]+)+|\.)|([A-Za-z_][A-Za-z0-9_]*)|(\||\(|\)))/y;

function tokenize(src: string): string[] {
  const out: string[] = [];
  TOKEN_RE.lastIndex = 0;
  while (TOKEN_RE.lastIndex < src.length) {
    if (/^\s*$/.test(src.slice(TOKEN_RE.lastIndex))) break;
    const m = TOKEN_RE.exec(src);
    if (!m)
      throw new TemplateError(
        `template: unexpected ${JSON.stringify(src.slice(TOKEN_RE.lastIndex).trim())} in action`,
      );
    out.push(m.slice(1).find((g) => g !== undefined) as string);
  }
  return out;
}

function operand(tok: string, functions: ReadonlySet<string>): Operand {
  if (tok.startsWith('"')) return { kind: 'literal', value: JSON.parse(tok) as string };
  if (tok.startsWith('`')) return { kind: 'literal', value: tok.slice(1, -1) };
  if (/^-?\d/.test(tok)) return { kind: 'literal', value: Number(tok) };
  if (tok === 'true' || tok === 'false') return { kind: 'literal', value: tok === 'true' };
  if (tok.startsWith('$')) {
    const [root = '', ...fields] = tok.split('.');
    return { kind: 'path', root, fields };
  }
  if (tok.startsWith('.')) return { kind: 'path', root: '.', fields: tok.split('.').filter(Boolean) };
  if (!functions.has(tok)) throw new TemplateError(`template: function "${tok}" not defined`);
  return { kind: 'call', name: tok, args: [] };
}

/** Parses a pipeline `cmd | cmd ...`; a command is a function call with args or a single operand. */
function parsePipeline(tokens: string[], functions: ReadonlySet<string>): Operand[] {
  const commands: Operand[] = [];
  let pos = 0;
  const parseCommand = (): Operand => {
    const parts: Operand[] = [];
    while (pos < tokens.length && tokens[pos] !== '|' && tokens[pos] !== ')') {
      const tok = tokens[pos++] as string;
      if (tok === '(') {
        const start = pos;
        let depth = 1;
        while (pos < tokens.length && depth > 0) {
          if (tokens[pos] === '(') depth++;
          if (tokens[pos] === ')') depth--;
          pos++;
        }
        parts.push({ kind: 'pipeline', pipeline: parsePipeline(tokens.slice(start, pos - 1), functions) });
      } else parts.push(operand(tok, functions));
    }
    const [head, ...args] = parts;
    if (!head) throw new TemplateError('template: missing value for command');
    if (head.kind === 'call') return { ...head, args };
    if (args.length > 0) throw new TemplateError("template: can't give argument to non-function");
    return head;
  };
  commands.push(parseCommand());
  while (tokens[pos] === '|') {
    pos++;
    const cmd = parseCommand();
    if (cmd.kind !== 'call') throw new TemplateError('template: non-function in pipeline stage');
    commands.push(cmd);
  }
  if (pos < tokens.length) throw new TemplateError(`template: unexpected ${JSON.stringify(tokens[pos])}`);
  return commands;
}

interface Frame {
  node: TemplateNode & { kind: 'if' };
  inElse: boolean;
  parent: TemplateNode[];
  closesParent: boolean;
}

/** Parses the Go-template subset used in alert labels and annotations. */
export function parseTemplate(text: string, functions: ReadonlySet<string>): TemplateNode[] {
  const root: TemplateNode[] = [];
  let current = root;
  const stack: Frame[] = [];
  const re = /\{\{(-\s)?([\s\S]*?)(\s-)?\}\}/g;
  let last = 0;
  let trimNext = false;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let chunk = text.slice(last, m.index);
    if (trimNext) chunk = chunk.replace(/^\s+/, '');
    if (m[1]) chunk = chunk.replace(/\s+$/, '');
    if (chunk) current.push({ kind: 'text', text: chunk });
    last = re.lastIndex;
    trimNext = Boolean(m[3]);
    const body = (m[2] ?? '').trim();
    if (body.startsWith('/*')) continue;
    const tokens = tokenize(body);
    const keyword = tokens[0];
    if (keyword === 'if') {
      const node: TemplateNode & { kind: 'if' } = {
        kind: 'if',
        cond: parsePipeline(tokens.slice(1), functions),
        then: [],
        else: [],
      };
      current.push(node);
      stack.push({ node, inElse: false, parent: current, closesParent: false });
      current = node.then;
    } else if (keyword === 'else') {
      const frame = stack[stack.length - 1];
      if (!frame || frame.inElse) throw new TemplateError('template: unexpected {{else}}');
      frame.inElse = true;
      current = frame.node.else;
      if (tokens[1] === 'if') {
        const node: TemplateNode & { kind: 'if' } = {
          kind: 'if',
          cond: parsePipeline(tokens.slice(2), functions),
          then: [],
          else: [],
        };
        current.push(node);
        stack.push({ node, inElse: false, parent: current, closesParent: true });
        current = node.then;
      }
    } else if (keyword === 'end') {
      let frame = stack.pop();
      if (!frame) throw new TemplateError('template: unexpected {{end}}');
      while (frame?.closesParent) frame = stack.pop();
      current = frame?.parent ?? root;
    } else if (keyword && ['range', 'with', 'define', 'template', 'block'].includes(keyword)) {
      throw new TemplateError(`template: "${keyword}" is not supported`);
    } else if (tokens.includes(':=') || body.includes(':=')) {
      throw new TemplateError('template: variable declarations are not supported');
    } else {
      current.push({ kind: 'action', pipeline: parsePipeline(tokens, functions) });
    }
  }
  if (stack.length > 0) throw new TemplateError('template: unexpected EOF (missing {{end}})');
  let tail = text.slice(last);
  if (trimNext) tail = tail.replace(/^\s+/, '');
  if (tail) current.push({ kind: 'text', text: tail });
  return root;
}
