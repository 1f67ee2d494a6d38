import { alert, group } from '../test/fixtures';
import { formatDuration } from './notice';
import { renderGroup } from './templates';

describe('notices: reminders, escalation steps and inferred end times are said first', () => {
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

  it('says which escalation step a message is and after how long', () => {
    const m = renderGroup(
      group({
        notice: { kind: 'escalation', policy: 'db-critical', step: 2, steps: 3, afterMs: 900_000 },
      }),
    );
    expect(m.title).toBe('[ESCALATION 2/3] [FIRING:1] HighCPU (critical)');
    expect(m.text).toContain('Escalation step 2 of 3 — not acknowledged after 15m (policy db-critical).');
  });

  it('says when a resolved notice has an inferred end time', () => {
    const m = renderGroup(
      group({
        status: 'resolved',
        alerts: [alert({ status: 'resolved', endsAt: '2025-01-01T10:20:00Z' })],
        notice: { kind: 'inferred-end', missingSince: '2025-01-01T10:20:00Z' },
      }),
    );
    expect(m.title).toBe('[RESOLVED] HighCPU (critical)');
    expect(m.text).toContain('2025-01-01T10:00:00Z → 2025-01-01T10:20:00Z');
    expect(m.text).toContain('End time inferred');
  });

  it('leaves plain notifications as they were', () => {
    const m = renderGroup(group());
    expect(m.title).toBe('[FIRING:1] HighCPU (critical)');
    expect(m.text).not.toMatch(/Reminder|Escalation|inferred/);
  });

  it('formats durations as written in the receivers file', () => {
    expect([0, 1000, 900_000, 5_400_000, 90_061_500].map(formatDuration)).toEqual([
      '0s',
      '1s',
      '15m',
      '1h30m',
      '1d1h1m1s500ms',
    ]);
  });
});
