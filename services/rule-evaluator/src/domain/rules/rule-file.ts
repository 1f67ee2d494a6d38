import { LABEL_NAME_RE, METRIC_NAME_RE, type Labels } from '@streamwatch/metrics-core';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { compileExpr, parseDuration, PromQLError } from '../promql';
import { RuleFileError } from './rule-file-error';
import { AlertTemplate } from './template';
import type { RuleGroup, RuleSpec } from './types';

export { RuleFileError } from './rule-file-error';

const GROUP_KEYS = new Set(['name', 'interval', 'rules', 'limit']);
const RULE_KEYS = new Set(['alert', 'record', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations']);

class RuleFileReader {
  private readonly lines = new LineCounter();

  constructor(
    private readonly text: string,
    private readonly file?: string,
  ) {}

  private pos(node: Node | null | undefined): { line: number; column: number } | undefined {
    const offset = node?.range?.[0];
    if (offset === undefined) return undefined;
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  private fail(node: Node | null | undefined, message: string): never {
    throw new RuleFileError(message, { file: this.file, position: this.pos(node) });
  }

  read(): RuleGroup[] {
    const doc = parseDocument(this.text, { lineCounter: this.lines, uniqueKeys: true });
    const [yamlErr] = doc.errors;
    if (yamlErr) {
      const p = yamlErr.linePos?.[0];
      throw new RuleFileError(`invalid YAML: ${yamlErr.message.split('\n')[0]}`, {
        file: this.file,
        position: p && { line: p.line, column: p.col },
      });
    }
    const root = doc.contents;
    if (root === null || (isScalar(root) && root.value === null)) return [];
    if (!isMap(root)) this.fail(root, 'rule file must be a mapping with "groups"');
    for (const pair of root.items) {
      const key = String((pair.key as { value?: unknown })?.value);
      if (key !== 'groups')
        this.fail(pair.key as Node, `field ${key} not found in rule file (expected "groups")`);
    }
    const groups = root.get('groups', true) as Node | undefined;
    if (groups === undefined || (isScalar(groups) && groups.value === null)) return [];
    if (!isSeq(groups)) this.fail(groups, '"groups" must be a list');
    const seen = new Set<string>();
    return groups.items.map((g) => {
      const group = this.group(g as Node);
      if (seen.has(group.name)) this.fail(g as Node, `${group.name}: groupname must be unique within a file`);
      seen.add(group.name);
      return group;
    });
  }

  private str(map: YAMLMap, key: string, required: boolean): string | undefined {
    const node = map.get(key, true) as Node | undefined;
    if (node === undefined || (isScalar(node) && node.value === null)) {
      if (required) this.fail(map, `field "${key}" is required`);
      return undefined;
    }
    if (!isScalar(node) || typeof node.value === 'object') this.fail(node, `field "${key}" must be a string`);
    return String(node.value);
  }

  private duration(map: YAMLMap, key: string): number | undefined {
    const text = this.str(map, key, false);
    if (text === undefined) return undefined;
    const ms = parseDuration(text);
    if (ms === undefined)
      this.fail(map.get(key, true) as Node, `invalid duration "${text}" in field "${key}"`);
    return ms;
  }

  private checkKeys(map: YAMLMap, allowed: Set<string>, what: string): void {
    for (const pair of map.items) {
      const key = String((pair.key as { value?: unknown })?.value);
      if (!allowed.has(key)) this.fail(pair.key as Node, `field ${key} not found in ${what}`);
    }
  }

  private group(node: Node): RuleGroup {
    if (!isMap(node)) this.fail(node, 'each group must be a mapping');
    this.checkKeys(node, GROUP_KEYS, 'rule group');
    const name = this.str(node, 'name', true) as string;
    if (name === '') this.fail(node, 'groupname must not be empty');
    const rules = node.get('rules', true) as Node | undefined;
    if (rules !== undefined && !isSeq(rules) && !(isScalar(rules) && rules.value === null))
      this.fail(rules, `${name}: "rules" must be a list`);
    const limit = Number(this.str(node, 'limit', false) ?? 0);
    return {
      name,
      intervalMs: this.duration(node, 'interval'),
      limit,
      rules: isSeq(rules) ? rules.items.map((r) => this.rule(r as Node, name)) : [],
      file: this.file,
    };
  }

  private labelMap(map: YAMLMap, key: string, templated: boolean): Labels {
    const node = map.get(key, true) as Node | undefined;
    if (node === undefined || (isScalar(node) && node.value === null)) return {};
    if (!isMap(node)) this.fail(node, `field "${key}" must be a mapping`);
    const out: Labels = {};
    for (const pair of node.items) {
      const name = String((pair.key as { value?: unknown })?.value);
      if (!LABEL_NAME_RE.test(name)) this.fail(pair.key as Node, `invalid label name in ${key}: ${name}`);
      const value = pair.value === null ? '' : String((pair.value as { value?: unknown }).value ?? '');
      if (templated) {
        try {
          new AlertTemplate(value);
        } catch (err) {
          this.fail(pair.value as Node, `${key}.${name}: ${(err as Error).message}`);
        }
      }
      out[name] = value;
    }
    return out;
  }

  private rule(node: Node, group: string): RuleSpec {
    if (!isMap(node)) this.fail(node, `${group}: each rule must be a mapping`);
    this.checkKeys(node, RULE_KEYS, 'rule');
    const alert = this.str(node, 'alert', false);
    const record = this.str(node, 'record', false);
    if ((alert === undefined) === (record === undefined))
      this.fail(node, `${group}: one of 'record' or 'alert' must be set`);
    const expr = this.str(node, 'expr', true) as string;
    if (expr.trim() === '') this.fail(node, `${group}: field 'expr' must be set in rule`);
    this.compile(node.get('expr', true) as Node, expr);
    if (record !== undefined) {
      if (!METRIC_NAME_RE.test(record))
        this.fail(node.get('record', true) as Node, `invalid recording rule name: ${record}`);
      for (const k of ['for', 'keep_firing_for', 'annotations'])
        if (node.has(k)) this.fail(node.get(k, true) as Node, `invalid field '${k}' in recording rule`);
      return { kind: 'record', name: record, expr, labels: this.labelMap(node, 'labels', false) };
    }
    if (alert === '') this.fail(node, 'alert name must not be empty');
    return {
      kind: 'alert',
      name: alert as string,
      expr,
      forMs: this.duration(node, 'for') ?? 0,
      keepFiringForMs: this.duration(node, 'keep_firing_for') ?? 0,
      labels: this.labelMap(node, 'labels', true),
      annotations: this.labelMap(node, 'annotations', true),
    };
  }

  /** Compiles the expression; a PromQL error's position is mapped into the YAML file. */
  private compile(node: Node, expr: string): void {
    try {
      compileExpr(expr);
    } catch (err) {
      if (!(err instanceof PromQLError)) throw err;
      const base = this.pos(node);
      const p = err.position;
      const block = isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED');
      const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
      let position = base;
      if (base && p) {
        const indent = block ? (this.text.split('\n')[base.line]?.search(/\S/) ?? 0) : 0;
        position =
          p.line === 1 && !block
            ? { line: base.line, column: base.column + (quoted ? 1 : 0) + p.column - 1 }
            : { line: base.line + p.line - (block ? 0 : 1), column: indent + p.column };
      }
      throw new RuleFileError(`could not parse expression: ${err.message}`, {
        file: this.file,
        position,
        exprPosition: p,
      });
    }
  }
}

/** Parses and validates a Prometheus rule file; throws RuleFileError with the YAML position. */
export function parseRuleFile(yamlText: string, fileName?: string): RuleGroup[] {
  return new RuleFileReader(yamlText, fileName).read();
}
