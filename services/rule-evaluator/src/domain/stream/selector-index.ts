import type { Labels } from '@streamwatch/metrics-core';
import type { LabelMatcher } from '../promql/api';
import { compileMatchers, matchesAll, pinnedName, type CompiledMatcher } from '../promql/matchers';

const NONE: readonly never[] = [];

interface Entry<R> {
  rule: R;
  matchers: readonly CompiledMatcher[];
}

interface NameBucket<R> {
  entries: Entry<R>[];
  /** The bucket's rules, when every selector in it matches on the name alone (else undefined). */
  byNameAlone: R[] | undefined;
}

/** Adds `e.rule` when `e` matches and the rule is not there yet (lists are short: no Set). */
function addMatch<R>(found: R[] | undefined, e: Entry<R>, labels: Labels): R[] | undefined {
  if (found?.includes(e.rule) || !matchesAll(e.matchers, labels)) return found;
  if (found === undefined) return [e.rule];
  found.push(e.rule);
  return found;
}

/**
 * Maps a series to the rules whose selectors can see it. Selectors that pin `__name__` are bucketed by
 * name; the rest are checked against every new series. The answer per series is cached until the rules change,
 * so a steady stream costs one map lookup per touched series.
 */
export class SelectorIndex<R> {
  private readonly byName = new Map<string, NameBucket<R>>();
  private readonly unpinned: Entry<R>[] = [];
  private readonly cache = new Map<string, readonly R[]>();
  private ruleCount = 0;

  constructor(rules: Iterable<{ rule: R; selectors: LabelMatcher[][] }> = []) {
    for (const r of rules) this.add(r.rule, r.selectors);
  }

  get size(): number {
    return this.ruleCount;
  }

  add(rule: R, selectors: LabelMatcher[][]): void {
    this.ruleCount++;
    this.cache.clear();
    for (const matchers of selectors) {
      const name = pinnedName(matchers);
      const entry = { rule, matchers: compileMatchers(matchers) };
      if (name === undefined) this.unpinned.push(entry);
      else {
        let bucket = this.byName.get(name);
        if (!bucket) this.byName.set(name, (bucket = { entries: [], byNameAlone: [] }));
        bucket.entries.push(entry);
        if (matchers.length !== 1) bucket.byNameAlone = undefined;
        else if (bucket.byNameAlone !== undefined && !bucket.byNameAlone.includes(rule))
          bucket.byNameAlone.push(rule);
      }
    }
  }

  /** Rules reading the series `key` with `labels` (including `__name__`), cached by key. */
  rulesFor(key: string, labels: Labels): readonly R[] {
    const cached = this.cache.get(key);
    if (cached) return cached;
    const rules = this.match(labels);
    this.cache.set(key, rules);
    return rules;
  }

  /**
   * The rules reading every series named `name`, whatever its other labels, when that is all that decides it
   * (every selector pinning the name has no other matcher, and none leaves the name open); else undefined.
   * The same list object is returned for a name until the rules change.
   */
  rulesByNameAlone(name: string): readonly R[] | undefined {
    if (this.unpinned.length > 0) return undefined;
    const bucket = this.byName.get(name);
    return bucket === undefined ? NONE : bucket.byNameAlone;
  }

  /** Rules reading a series with `labels` (including `__name__`), uncached. */
  match(labels: Labels): readonly R[] {
    const alone = this.rulesByNameAlone(labels.__name__ ?? '');
    if (alone !== undefined) return alone;
    let found: R[] | undefined;
    const named = this.byName.get(labels.__name__ ?? '');
    if (named) for (const e of named.entries) found = addMatch(found, e, labels);
    for (const e of this.unpinned) found = addMatch(found, e, labels);
    return found ?? NONE;
  }

  /** Drops the cached answer of a series the store forgot. */
  forget(key: string): void {
    this.cache.delete(key);
  }
}
