import { planFold, sendsOf } from './folding';

describe('planFold', () => {
  const items = [1, 2, 3, 4, 5];
  it('sends everything alone when the window has room', () => {
    expect(planFold(items, 5)).toEqual({ singles: items, folded: [], deferred: [] });
  });
  it('folds the excess into one summary using the last granted send', () => {
    const plan = planFold(items, 3);
    expect(plan).toEqual({ singles: [1, 2], folded: [3, 4, 5], deferred: [] });
    expect(sendsOf(plan)).toBe(3);
  });
  it('never drops: with no room everything waits', () => {
    expect(planFold(items, 0)).toEqual({ singles: [], folded: [], deferred: items });
  });
  it('does not build a summary of one', () => {
    expect(planFold([1, 2], 1)).toEqual({ singles: [], folded: [1, 2], deferred: [] });
    expect(planFold([1], 1)).toEqual({ singles: [1], folded: [], deferred: [] });
  });
});
