import type { Clock, Grant, RateLimiter } from '../ports';

/**
 * The fallback while Redis is down: the same fixed windows, counted in this process only. Each
 * instance then allows one window of its own, so a destination can get up to the instance count
 * times its limit.
 */
export class LocalRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { window: number; used: number }>();

  constructor(private readonly clock: Clock) {}

  async acquire(key: string, want: number, limit: { count: number; perMs: number }): Promise<Grant> {
    const now = this.clock.now();
    const window = Math.floor(now / limit.perMs);
    const id = `${key}:${limit.perMs}`;
    let w = this.windows.get(id);
    if (!w || w.window !== window) this.windows.set(id, (w = { window, used: 0 }));
    const granted = Math.max(0, Math.min(want, limit.count - w.used));
    w.used += granted;
    return { granted, remaining: limit.count - w.used, resetInMs: (window + 1) * limit.perMs - now };
  }
}
