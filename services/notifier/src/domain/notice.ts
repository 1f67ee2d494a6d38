import type { AlertGroup } from './alert-group';

const UNITS: Array<[string, number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/** `900000` → `15m`, `5400000` → `1h30m`, `0` → `0s`; the inverse of parseDuration for whole seconds. */
export function formatDuration(ms: number): string {
  let rest = Math.max(0, Math.round(ms));
  let out = '';
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  if (rest > 0) out += `${rest}ms`;
  return out || '0s';
}

function earliestStart(group: AlertGroup): string {
  const firing = group.alerts.filter((a) => a.status === 'firing');
  return (firing.length > 0 ? firing : group.alerts).map((a) => a.startsAt).sort()[0] ?? '';
}

/** What a notification's notice adds to its message: a tag before the title and a first line. */
export interface NoticeText {
  tag: string;
  line: string;
}

export function noticeText(group: AlertGroup): NoticeText | undefined {
  const n = group.notice;
  if (!n) return undefined;
  switch (n.kind) {
    case 'reminder':
      return {
        tag: '[REMINDER]',
        line: `Reminder: still firing since ${earliestStart(group)} (reminder ${n.seq}).`,
      };
    case 'escalation':
      return {
        tag: `[ESCALATION ${n.step}/${n.steps}]`,
        line: `Escalation step ${n.step} of ${n.steps} — not acknowledged after ${formatDuration(n.afterMs)} (policy ${n.policy}).`,
      };
    case 'inferred-end':
      return {
        tag: '',
        line: `End time inferred: the alert was no longer active in Alertmanager at ${n.missingSince}; its exact end is unknown.`,
      };
  }
}
