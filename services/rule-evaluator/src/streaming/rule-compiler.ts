import type { Labels } from '@streamwatch/metrics-core';
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
  /** `EXTERNAL_LABELS`: what alert templates see as `$externalLabels`. */
  externalLabels?: Labels;
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
          let engine: LoadedRule['rule'];
          let expr: CompiledExpr;
          if (spec.kind === 'record') {
            if (anomaly)
              throw new RuleFileError(`${spec.name}: anomaly is only allowed on alerting rules`, { file });
            const rule = new RecordingRule(spec);
            engine = { kind: 'record', engine: rule };
            expr = rule.expr;
          } else {
            const rule = new AlertingRule(spec, {
              externalURL: opts.externalURL,
              externalLabels: opts.externalLabels,
            });
            if (anomaly) (rule as { expr: CompiledExpr }).expr = new AnomalyExpr(rule.expr, anomaly);
            engine = { kind: 'alert', engine: rule };
            expr = rule.expr;
          }
          out.push(
            new LoadedRule(
              id,
              source,
              file,
              group.name,
              spec,
              engine,
              expr.selectors,
              expr.windowMs,
              interval,
            ),
          );
        });
      });
      return out;
    },
  };
}
