import type { AlertGroup } from './alert-group';

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
  }
}
