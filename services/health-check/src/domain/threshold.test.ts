import { applyResult, initialThresholdState, type ThresholdState } from './threshold';

const t = { failureThreshold: 3, successThreshold: 2 };

function feed(results: boolean[], start: ThresholdState = initialThresholdState(0)): ThresholdState[] {
  const out: ThresholdState[] = [];
  let s = start;
  results.forEach((ok, i) => {
    s = applyResult(s, ok, (i + 1) * 1000, t);
    out.push(s);
  });
  return out;
}

describe('threshold state machine', () => {
  it('leaves unknown only after the threshold of consecutive results', () => {
    const states = feed([true, true]).map((s) => s.state);
    expect(states).toEqual(['unknown', 'up']);
    expect(feed([false, false, false]).map((s) => s.state)).toEqual(['unknown', 'unknown', 'down']);
  });

  it('goes down only after failure_threshold consecutive failures', () => {
    const states = feed([true, true, false, false, true, false, false, false]).map((s) => s.state);
    expect(states).toEqual(['unknown', 'up', 'up', 'up', 'up', 'up', 'up', 'down']);
  });

  it('recovers only after success_threshold consecutive successes', () => {
    const states = feed([false, false, false, true, false, true, true]).map((s) => s.state);
    expect(states).toEqual(['unknown', 'unknown', 'down', 'down', 'down', 'down', 'up']);
  });

  it('records since when the current state holds', () => {
    const states = feed([true, true, true, false, false, false, false]);
    expect(states[2]?.sinceMs).toBe(2000);
    expect(states[5]?.sinceMs).toBe(6000);
    expect(states[6]?.sinceMs).toBe(6000);
  });

  it('with thresholds of 1 follows every result', () => {
    let s = initialThresholdState(0);
    s = applyResult(s, false, 1, { failureThreshold: 1, successThreshold: 1 });
    expect(s.state).toBe('down');
    s = applyResult(s, true, 2, { failureThreshold: 1, successThreshold: 1 });
    expect(s.state).toBe('up');
  });
});
