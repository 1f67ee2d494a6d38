/**
 * Splits claimed notifications by the sends a rate limit grants: with room for all, each goes alone;
 * otherwise `granted - 1` go alone and the rest are folded into one summary, so nothing is dropped.
 * With nothing granted, everything waits for the next window.
 */
export interface FoldPlan<T> {
  singles: T[];
  folded: T[];
  deferred: T[];
}

export function planFold<T>(items: readonly T[], granted: number): FoldPlan<T> {
  if (granted >= items.length) return { singles: [...items], folded: [], deferred: [] };
  if (granted <= 0) return { singles: [], folded: [], deferred: [...items] };
  const singles = items.slice(0, granted - 1);
  const rest = items.slice(granted - 1);
  return rest.length === 1
    ? { singles: [...singles, ...rest], folded: [], deferred: [] }
    : { singles, folded: rest, deferred: [] };
}

/** How many sends a plan uses: singles plus one summary when anything is folded. */
export function sendsOf<T>(plan: FoldPlan<T>): number {
  return plan.singles.length + (plan.folded.length > 0 ? 1 : 0);
}
