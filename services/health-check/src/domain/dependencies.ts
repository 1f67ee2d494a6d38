import type { HealthState } from './threshold';

export type EffectiveState = HealthState | 'blocked';

export interface Effective {
  state: EffectiveState;
  /** Root causes: the targets that are really down (not themselves blocked) somewhere below this one. */
  blockedBy: string[];
}

export interface DependencyNode {
  name: string;
  dependsOn: readonly string[];
}

/**
 * A target that is not up while one of its dependencies (transitively) is down is `blocked`, naming the
 * down dependencies rather than counting as an outage of its own. A target that is up stays up.
 * `failing` names targets whose last probe failed before they reached their failure_threshold: they
 * block their dependents too, so a dependent that reaches its threshold first (probe phases differ)
 * does not page ahead of the real root cause.
 */
export function resolveEffectiveStates(
  nodes: readonly DependencyNode[],
  own: ReadonlyMap<string, HealthState>,
  failing: ReadonlySet<string> = new Set(),
): Map<string, Effective> {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const out = new Map<string, Effective>();
  const visiting = new Set<string>();

  const visit = (name: string): Effective => {
    const done = out.get(name);
    if (done) return done;
    const state = own.get(name) ?? 'unknown';
    if (visiting.has(name)) return { state, blockedBy: [] };
    visiting.add(name);
    const causes = new Set<string>();
    for (const dep of byName.get(name)?.dependsOn ?? []) {
      const e = visit(dep);
      if (e.state === 'down') causes.add(dep);
      else if (e.state === 'blocked') e.blockedBy.forEach((c) => causes.add(c));
      else if (failing.has(dep)) causes.add(dep);
    }
    visiting.delete(name);
    const result: Effective =
      state !== 'up' && causes.size > 0
        ? { state: 'blocked', blockedBy: [...causes].sort() }
        : { state, blockedBy: [] };
    out.set(name, result);
    return result;
  };

  nodes.forEach((n) => visit(n.name));
  return out;
}

/** Returns one dependency cycle as a path (`a -> b -> a`), or undefined when the graph is acyclic. */
export function findCycle(nodes: readonly DependencyNode[]): string[] | undefined {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const color = new Map<string, 'grey' | 'black'>();
  const stack: string[] = [];

  const dfs = (name: string): string[] | undefined => {
    color.set(name, 'grey');
    stack.push(name);
    for (const dep of byName.get(name)?.dependsOn ?? []) {
      if (!byName.has(dep)) continue;
      if (color.get(dep) === 'grey') return [...stack.slice(stack.indexOf(dep)), dep];
      if (!color.has(dep)) {
        const cycle = dfs(dep);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    color.set(name, 'black');
    return undefined;
  };

  for (const n of nodes) {
    if (color.has(n.name)) continue;
    const cycle = dfs(n.name);
    if (cycle) return cycle;
  }
  return undefined;
}
