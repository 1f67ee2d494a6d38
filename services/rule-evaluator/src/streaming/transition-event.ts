import type { AlertTransition } from '../domain/rules/types';
import { alertmanagerFingerprint } from '../domain/alert-fingerprint';
import type { AlertTransitionEvent } from '../ports';
import type { LoadedRule } from './loaded-rule';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** The JSON published to topic `alerts`; NaN/Inf values become null (JSON cannot carry them). */
export function transitionEvent(
  rule: LoadedRule,
  tr: AlertTransition,
  generatorURL: string,
): AlertTransitionEvent {
  const a = tr.alert;
  return {
    fingerprint: alertmanagerFingerprint(a.labels),
    group: rule.group,
    rule: rule.spec.name,
    from: tr.from,
    to: tr.kind,
    labels: a.labels,
    annotations: a.annotations,
    value: a.value,
    activeAt: iso(a.activeAt) as string,
    firedAt: iso(a.firedAt),
    resolvedAt: iso(a.resolvedAt),
    at: iso(tr.atMs) as string,
    generatorURL,
  };
}
