import type { Logger } from 'pino';
import { stringify } from 'yaml';
import type { EvaluatorMetrics } from '../metrics';
import type { RuleFileSource, RuleGroupRepository } from '../ports';
import type { LoadedRule } from './loaded-rule';

/** Turns rule-file text into loaded rules; throws the engine's positioned errors for bad input. */
export interface RuleCompiler {
  compile(text: string, source: string, file: string): LoadedRule[];
}

export interface SourceError {
  source: string;
  error: string;
}

export interface RuleLoaderDeps {
  files?: RuleFileSource;
  repository?: RuleGroupRepository;
  compiler: RuleCompiler;
  logger: Logger;
  metrics: EvaluatorMetrics;
  apply: (rules: LoadedRule[]) => void;
}

/** YAML text of one stored group, as a rule file with a single group. */
export function storedGroupText(body: Record<string, unknown>): string {
  return stringify({ groups: [body] });
}

/**
 * Polls rule files (mtime/size signature) and the PostgreSQL rule groups (revision) and applies the
 * union when either changed. A file or stored group that fails to load keeps its previous rules active,
 * as Prometheus does on a bad reload, and the error is kept for inspection.
 */
export class RuleLoader {
  private fileSig = '';
  private repoRev = '';
  private readonly lastGood = new Map<string, LoadedRule[]>();
  private errors: SourceError[] = [];
  private readonly log: Logger;

  constructor(private readonly deps: RuleLoaderDeps) {
    this.log = deps.logger.child({ component: 'rule-loader' });
  }

  get loadErrors(): readonly SourceError[] {
    return this.errors;
  }

  /** Returns true when the rule set was re-applied. */
  async poll(force = false): Promise<boolean> {
    const fileSig = this.deps.files ? await this.deps.files.signature() : '';
    const repoRev = this.deps.repository ? await this.deps.repository.revision() : '';
    if (!force && fileSig === this.fileSig && repoRev === this.repoRev) return false;
    const texts: Array<{ key: string; kind: 'file' | 'api'; file: string; text: string }> = [];
    if (this.deps.files)
      for (const f of await this.deps.files.read())
        texts.push({ key: `file:${f.file}`, kind: 'file', file: f.file, text: f.text });
    if (this.deps.repository)
      for (const g of await this.deps.repository.list())
        texts.push({
          key: `api:${g.name}`,
          kind: 'api',
          file: `api:${g.name}`,
          text: storedGroupText(g.body),
        });
    this.fileSig = fileSig;
    this.repoRev = repoRev;
    this.errors = [];
    const present = new Set(texts.map((t) => t.key));
    for (const key of [...this.lastGood.keys()]) if (!present.has(key)) this.lastGood.delete(key);
    for (const t of texts) {
      try {
        this.lastGood.set(t.key, this.deps.compiler.compile(t.text, t.kind, t.file));
      } catch (err) {
        this.errors.push({ source: t.file, error: (err as Error).message });
        this.deps.metrics.ruleLoadFailures.inc({ source: t.kind });
        this.log.error(
          { file: t.file, err: (err as Error).message },
          'rule load failed; keeping the previous version',
        );
      }
    }
    const rules = [...this.lastGood.values()].flat();
    this.deps.metrics.rulesLoaded.set({ source: 'file' }, rules.filter((r) => r.source === 'file').length);
    this.deps.metrics.rulesLoaded.set({ source: 'api' }, rules.filter((r) => r.source === 'api').length);
    this.deps.apply(rules);
    this.log.info({ rules: rules.length, errors: this.errors.length }, 'rules applied');
    return true;
  }
}
