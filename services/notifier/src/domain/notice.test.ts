import { alert, group } from '../test/fixtures';
import { renderGroup } from './templates';

describe('notices: reminders are said first', () => {
  it('marks a reminder in the title and says since when the alert fires', () => {
    const m = renderGroup(
      group({
        alerts: [alert(), alert({ fingerprint: 'b', startsAt: '2025-01-01T09:30:00Z' })],
        notice: { kind: 'reminder', seq: 2 },
      }),
    );
    expect(m.title).toBe('[REMINDER] [FIRING:2] HighCPU (critical)');
    const line = 'Reminder: still firing since 2025-01-01T09:30:00Z (reminder 2).';
    expect(m.text.split('\n')[2]).toBe(line);
    expect(m.markdown).toContain(`**${line}**`);
    expect(m.html).toContain(`<p><strong>${line}</strong></p>`);
  });

  it('leaves plain notifications as they were', () => {
    const m = renderGroup(group());
    expect(m.title).toBe('[FIRING:1] HighCPU (critical)');
    expect(m.text).not.toContain('Reminder');
  });
});
