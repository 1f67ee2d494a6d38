import type { CompiledExpr } from '../domain/promql/api';
import { AnomalyExpr } from '../domain/anomaly/anomaly-expr';
import { extractAnomalyBlocks } from '../domain/anomaly/anomaly-blocks';
import { AlertingRule } from '../domain/rules/alerting-rule';
import { RecordingRule } from '../domain/rules/recording-rule';
import { parseRuleFile, RuleFileError } from '../domain/rules/rule-file';
import { LoadedRule } from './loaded-rule';
import type { RuleCompiler } from './rule-loader';

export interface CompilerOptions {
  defaultIntervalMs: number;
  externalURL: string;
}

/**
 * Bridges the rules domain (parseRuleFile, AlertingRule, RecordingRule) to the streaming runtime. Anomaly
 * rules are alerting rules whose expression is wrapped in an AnomalyExpr after construction: AlertingRule
 * compiles its own expression and has no way to take one, so the field is replaced here.
 */
export function createRuleCompiler(opts: CompilerOptions): RuleCompiler {
  return {
    compile(text, source, file) {
      const { text: clean, specs } = extractAnomalyBlocks(text, file);
      const groups = parseRuleFile(clean, file);
      const out: LoadedRule[] = [];
      groups.forEach((group, gi) => {
        const seen = new Map<string, number>();
        group.rules.forEach((spec, ri) => {
          const n = seen.get(spec.name) ?? 0;
          seen.set(spec.name, n + 1);
          const id = `${file}::${group.name}::${spec.name}::${n}`;
          const interval = group.intervalMs ?? opts.defaultIntervalMs;
          const anomaly = specs.get(`${gi}:${ri}`);
          if (spec.kind === 'record') {
            if (anomaly)
              throw new RuleFileError(`${spec.name}: anomaly is only allowed on alerting rules`, { file });
            const rule = new RecordingRule(spec);
            out.push(
              new LoadedRule(
                id,
                source,
                file,
                group.name,
                spec,
                { kind: 'record', engine: rule },
                rule.expr.selectors,
                rule.expr.windowMs,
                interval,
              ),
            );
            return;
          }
          const rule = new AlertingRule(spec, { externalURL: opts.externalURL });
          if (anomaly) (rule as { expr: CompiledExpr }).expr = new AnomalyExpr(rule.expr, anomaly);
          out.push(
            new LoadedRule(
              id,
              source,
              file,
              group.name,
              spec,
              { kind: 'alert', engine: rule },
              rule.expr.selectors,
              rule.expr.windowMs,
              interval,
            ),
          );
        });
      });
      return out;
    },
  };
}
