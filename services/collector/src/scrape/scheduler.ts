import type { ScrapeTarget } from '../domain/scrape-config';

/** Spreads targets over their interval, like Prometheus, so they are not all scraped at once. */
export function startOffsetMs(target: ScrapeTarget): number {
  let h = 0;
  for (const c of target.url) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % target.intervalMs;
}

/**
 * Scrapes every target on its own interval; a target is never scraped twice concurrently (a slow scrape
 * delays its next one). `stop()` cancels the timers and waits for scrapes in progress.
 */
export class ScrapeScheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly targets: readonly ScrapeTarget[],
    private readonly scrape: (target: ScrapeTarget) => Promise<unknown>,
  ) {}

  start(): void {
    for (const target of this.targets) this.schedule(target, startOffsetMs(target));
  }

  private schedule(target: ScrapeTarget, delayMs: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const started = Date.now();
      const run = this.scrape(target)
        .catch(() => undefined)
        .finally(() => {
          this.running.delete(run);
          this.schedule(target, Math.max(0, target.intervalMs - (Date.now() - started)));
        });
      this.running.add(run);
    }, delayMs);
    this.timers.add(timer);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.all([...this.running]);
  }
}
