import type { Alert } from './alert-group';
import type { EscalationPolicy } from './receivers';

export function policyMatches(
  policy: Pick<EscalationPolicy, 'match'>,
  labels: Record<string, string>,
): boolean {
  return Object.entries(policy.match).every(([k, v]) => labels[k] === v);
}

/** Policies a firing alert starts; resolved alerts start none. */
export function policiesFor(policies: readonly EscalationPolicy[], alert: Alert): EscalationPolicy[] {
  return alert.status === 'firing' ? policies.filter((p) => policyMatches(p, alert.labels)) : [];
}

export interface EscalationView {
  policy: string;
  step: number;
  createdAtMs: number;
}

export type EscalationAdvance =
  | {
      kind: 'notify';
      receivers: string[];
      /** The step notified now, counted from 1, of `steps`; `afterMs` is its delay since the start. */
      step: number;
      steps: number;
      afterMs: number;
      nextStep: number;
      nextDueMs: number | null;
    }
  | { kind: 'unknown_policy' };

/**
 * An open escalation whose step is due: notify that step's receivers, then wait for the next step,
 * whose `after` counts from when the escalation started (steps are cumulative), or finish.
 */
export function advanceEscalation(
  policies: readonly EscalationPolicy[],
  e: EscalationView,
): EscalationAdvance {
  const policy = policies.find((p) => p.name === e.policy);
  const step = policy?.steps[e.step];
  if (!policy || !step) return { kind: 'unknown_policy' };
  const next = policy.steps[e.step + 1];
  return {
    kind: 'notify',
    receivers: step.receivers,
    step: e.step + 1,
    steps: policy.steps.length,
    afterMs: step.after,
    nextStep: e.step + 1,
    nextDueMs: next ? e.createdAtMs + next.after : null,
  };
}

export function firstDueMs(policy: EscalationPolicy, nowMs: number): number {
  return nowMs + (policy.steps[0]?.after ?? 0);
}

/** The dedupe key of an escalation step's notification: one per escalation and step. */
export function escalationDedupeKey(escalationId: number, step: number): string {
  return `esc:${escalationId}:${step}`;
}
