import type { Labels } from '@streamwatch/metrics-core';
import { PromQLError, type LabelMatcher } from './api';
import { Re2Error, translateRe2 } from './re2/translate';

/** A label matcher ready to run: `=`/`!=` compare strings, regexes were compiled once when it was built. */
export interface CompiledMatcher {
  readonly name: string;
  matches(value: string): boolean;
}

/** An RE2 pattern compiled for JS, anchored as Prometheus anchors it (`^(?s:re)$`). */
export interface Re2Pattern {
  readonly regex: RegExp;
  /** By capture number (index 0 unused): the RE2 group name, for `$name` in label_replace. */
  readonly groupNames: readonly (string | undefined)[];
}

/** Rules share patterns; the bound only keeps a stream of one-off patterns (ad hoc queries) from piling up. */
const REGEX_CACHE_LIMIT = 10_000;
const regexCache = new Map<string, Re2Pattern>();

function translate(pattern: string): Re2Pattern {
  try {
    const { source, groupNames } = translateRe2(pattern);
    return { regex: new RegExp(`^(?:${source})$`, 'u'), groupNames };
  } catch (err) {
    const reason = err instanceof Re2Error ? err.message : `cannot be run: ${(err as Error).message}`;
    throw new PromQLError(`invalid regular expression ${JSON.stringify(pattern)}: ${reason}`);
  }
}

/** Compiles (or finds) an RE2 pattern; throws PromQLError naming the problem when RE2 would refuse it. */
export function compileRegex(pattern: string): Re2Pattern {
  let compiled = regexCache.get(pattern);
  if (!compiled) {
    compiled = translate(pattern);
    if (regexCache.size >= REGEX_CACHE_LIMIT) regexCache.clear();
    regexCache.set(pattern, compiled);
  }
  return compiled;
}

const enum Op {
  Equal,
  NotEqual,
  Regex,
  NotRegex,
}

const OPS = { '=': Op.Equal, '!=': Op.NotEqual, '=~': Op.Regex, '!~': Op.NotRegex } as const;

/** One class for every operator keeps `matches` call sites monomorphic on the stream's hot path. */
class Matcher implements CompiledMatcher {
  constructor(
    readonly name: string,
    private readonly op: Op,
    private readonly value: string,
    private readonly regex: RegExp | undefined,
  ) {}

  matches(v: string): boolean {
    switch (this.op) {
      case Op.Equal:
        return v === this.value;
      case Op.NotEqual:
        return v !== this.value;
      case Op.Regex:
        return (this.regex as RegExp).test(v);
      default:
        return !(this.regex as RegExp).test(v);
    }
  }
}

export function compileMatcher(m: LabelMatcher): CompiledMatcher {
  const op = OPS[m.op];
  const regex = op === Op.Regex || op === Op.NotRegex ? compileRegex(m.value).regex : undefined;
  return new Matcher(m.name, op, m.value, regex);
}

/** Selectors keep their matcher array for the life of a rule, so the compiled form is kept beside it. */
const compiledLists = new WeakMap<readonly LabelMatcher[], readonly CompiledMatcher[]>();

export function compileMatchers(matchers: readonly LabelMatcher[]): readonly CompiledMatcher[] {
  let compiled = compiledLists.get(matchers);
  if (!compiled) {
    compiled = matchers.map(compileMatcher);
    compiledLists.set(matchers, compiled);
  }
  return compiled;
}

/** `labels` includes `__name__`; a missing label has the empty value, as in Prometheus. */
export function matchesAll(matchers: readonly CompiledMatcher[], labels: Labels): boolean {
  for (const m of matchers) if (!m.matches(labels[m.name] ?? '')) return false;
  return true;
}

/** The metric name a selector pins with `__name__="x"`, if any. */
export function pinnedName(matchers: readonly LabelMatcher[]): string | undefined {
  for (const m of matchers) if (m.name === '__name__' && m.op === '=') return m.value;
  return undefined;
}
