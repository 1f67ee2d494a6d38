import type { Labels } from '@streamwatch/metrics-core';
import { goSprintf, formatValue } from './go-format';
import { humanize, humanize1024, humanizeDuration, humanizePercentage } from './humanize';
import { parseTemplate, TemplateError, type Operand, type TemplateNode } from './template-parse';

export { TemplateError } from './template-parse';

/** What an alert template sees: `$labels`, `$value`, `$externalLabels`, `$externalURL` (and `.Labels` etc.). */
export interface TemplateData {
  labels: Labels;
  value: number;
  externalLabels: Labels;
  externalURL: string;
}

type Val = string | number | boolean | Labels | undefined;

const num = (v: Val): number => (typeof v === 'number' ? v : Number(v));
const str = (v: Val): string =>
  typeof v === 'number'
    ? formatValue(v)
    : v === undefined
      ? ''
      : typeof v === 'object'
        ? `map[${Object.entries(v)
            .map(([k, x]) => `${k}:${x}`)
            .join(' ')}]`
        : String(v);

function compare(a: Val, b: Val): number {
  if (typeof a === 'number' || typeof b === 'number') return num(a) - num(b);
  return str(a) < str(b) ? -1 : str(a) > str(b) ? 1 : 0;
}

const FUNCS: Record<string, (...args: Val[]) => Val> = {
  humanize: (v) => humanize(num(v)),
  humanize1024: (v) => humanize1024(num(v)),
  humanizeDuration: (v) => humanizeDuration(num(v)),
  humanizePercentage: (v) => humanizePercentage(num(v)),
  printf: (f, ...args) => goSprintf(str(f), args),
  toUpper: (s) => str(s).toUpperCase(),
  toLower: (s) => str(s).toLowerCase(),
  title: (s) =>
    str(s).replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_m, pre: string, c: string) => pre + c.toUpperCase()),
  reReplaceAll: (pattern, repl, text) => {
    const re = new RegExp(str(pattern).replace(/\(\?P</g, '(?<'), 'g');
    return str(text).replace(
      re,
      str(repl).replace(/\$\{?(\w+)\}?/g, (_m, g: string) => (/^\d+$/.test(g) ? `$${g}` : `$<${g}>`)),
    );
  },
  eq: (a, ...bs) => bs.some((b) => compare(a, b) === 0),
  ne: (a, b) => compare(a, b) !== 0,
  lt: (a, b) => compare(a, b) < 0,
  le: (a, b) => compare(a, b) <= 0,
  gt: (a, b) => compare(a, b) > 0,
  ge: (a, b) => compare(a, b) >= 0,
  not: (a) => !truthy(a),
  and: (...xs) => xs.find((x) => !truthy(x)) ?? xs[xs.length - 1],
  or: (...xs) => xs.find((x) => truthy(x)) ?? xs[xs.length - 1],
};

export const TEMPLATE_FUNCTIONS: ReadonlySet<string> = new Set(Object.keys(FUNCS));

function truthy(v: Val): boolean {
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return Boolean(v);
}

function resolvePath(op: Operand & { kind: 'path' }, data: TemplateData): Val {
  const roots: Record<string, Val> = {
    $labels: data.labels,
    '.Labels': data.labels,
    $value: data.value,
    '.Value': data.value,
    $externalLabels: data.externalLabels,
    '.ExternalLabels': data.externalLabels,
    $externalURL: data.externalURL,
    '.ExternalURL': data.externalURL,
  };
  const fields = [...op.fields];
  const rootKey = op.root === '.' ? `.${fields.shift() ?? ''}` : op.root;
  if (!(rootKey in roots)) throw new TemplateError(`template: undefined variable "${rootKey}"`);
  let cur: Val = roots[rootKey];
  for (const f of fields) cur = typeof cur === 'object' ? (cur[f] ?? '') : undefined;
  return cur;
}

function evalOperand(op: Operand, data: TemplateData, piped: Val[]): Val {
  switch (op.kind) {
    case 'literal':
      return op.value;
    case 'path':
      return resolvePath(op, data);
    case 'pipeline':
      return evalPipeline(op.pipeline, data);
    case 'call': {
      const args = op.args.map((a) => evalOperand(a, data, []));
      return (FUNCS[op.name] as (...a: Val[]) => Val)(...args, ...piped);
    }
  }
}

function evalPipeline(pipeline: Operand[], data: TemplateData): Val {
  let value: Val;
  pipeline.forEach((cmd, i) => {
    value = evalOperand(cmd, data, i === 0 ? [] : [value]);
  });
  return value;
}

function render(nodes: TemplateNode[], data: TemplateData): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'action') out += str(evalPipeline(n.pipeline, data));
    else out += render(truthy(evalPipeline(n.cond, data)) ? n.then : n.else, data);
  }
  return out;
}

/** A parsed template; parse errors are thrown at construction (rule load time). */
export class AlertTemplate {
  private readonly nodes: TemplateNode[];

  constructor(readonly text: string) {
    this.nodes = text.includes('{{') ? parseTemplate(text, TEMPLATE_FUNCTIONS) : [{ kind: 'text', text }];
  }

  /** Expands the template; errors become `<error expanding template: ...>` as in Prometheus. */
  expand(data: TemplateData): string {
    try {
      return render(this.nodes, data);
    } catch (err) {
      return `<error expanding template: ${(err as Error).message}>`;
    }
  }
}
