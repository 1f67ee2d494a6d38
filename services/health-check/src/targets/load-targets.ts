import { ConfigError, type ErrorDetail } from '@streamwatch/metrics-core';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { findCycle } from '../domain/dependencies';
import type { Target } from '../domain/target';
import type { LoadContext } from './secrets';
import { targetSchema, targetsFileSchema } from './targets.schema';
import { toTarget } from './to-target';

export type { LoadContext } from './secrets';

function issuePath(path: ReadonlyArray<PropertyKey>): string {
  return path.map(String).join('.') || '(target)';
}

function labelOf(item: unknown, index: number): string {
  const name = item && typeof item === 'object' ? (item as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name !== '' ? `target "${name}"` : `targets[${index}]`;
}

function pushIssues(problems: ErrorDetail[], label: string, issues: readonly z.core.$ZodIssue[]): void {
  for (const issue of issues)
    problems.push({ field: `${label}.${issuePath(issue.path)}`, message: issue.message });
}

function crossCheck(
  targets: Target[],
  labels: Map<string, string>,
  declared: Set<string>,
  problems: ErrorDetail[],
): void {
  const seen = new Set<string>();
  for (const t of targets) {
    const label = labels.get(t.name) as string;
    if (seen.has(t.name))
      problems.push({ field: `${label}.name`, message: `duplicate target name "${t.name}"` });
    seen.add(t.name);
  }
  for (const t of targets)
    for (const dep of t.dependsOn) {
      const field = `${labels.get(t.name)}.depends_on`;
      if (dep === t.name) problems.push({ field, message: 'a target cannot depend on itself' });
      else if (!declared.has(dep)) problems.push({ field, message: `unknown target "${dep}"` });
    }
  const cycle = findCycle(
    targets.map((t) => ({ name: t.name, dependsOn: t.dependsOn.filter((d) => d !== t.name) })),
  );
  if (cycle)
    problems.push({
      field: `${labels.get(cycle[0] as string)}.depends_on`,
      message: `dependency cycle ${cycle.join(' -> ')}`,
    });
}

/**
 * Parses and validates a targets YAML document. Every problem (per target, naming the target and the field)
 * is collected into one ConfigError, so an operator fixes the file in one pass.
 */
export function parseTargets(text: string, ctx: LoadContext, source = 'targets file'): Target[] {
  const problems: ErrorDetail[] = [];
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new ConfigError(`${source}: invalid YAML: ${(err as Error).message}`, {
      details: [{ field: '(yaml)', message: (err as Error).message }],
    });
  }
  const file = targetsFileSchema.safeParse(doc);
  if (!file.success) pushIssues(problems, source, file.error.issues);
  const targets: Target[] = [];
  const labels = new Map<string, string>();
  const declared = new Set<string>();
  if (file.success)
    file.data.targets.forEach((item, index) => {
      const label = labelOf(item, index);
      const name = (item as { name?: unknown } | null)?.name;
      if (typeof name === 'string') declared.add(name);
      const parsed = targetSchema.safeParse(item);
      if (!parsed.success) return pushIssues(problems, label, parsed.error.issues);
      labels.set(parsed.data.name, label);
      targets.push(toTarget(parsed.data, file.data.defaults, ctx, (f) => `${label}.${f}`, problems));
    });
  crossCheck(targets, labels, declared, problems);
  if (problems.length > 0) {
    const lines = problems.map((p) => `  - ${p.field}: ${p.message}`).join('\n');
    throw new ConfigError(`${source}: ${problems.length} problem(s):\n${lines}`, { details: problems });
  }
  return targets;
}
