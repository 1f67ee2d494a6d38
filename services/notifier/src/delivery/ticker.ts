import type { Logger } from 'pino';

/** Runs `fn` every `intervalMs` (never overlapping); `stop` waits for a run in flight. */
export function startTicker(
  name: string,
  intervalMs: number,
  fn: () => Promise<void>,
  logger: Logger,
): { stop: () => Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped) return;
    running = running.then(() =>
      fn().catch((err: unknown) =>
        logger.warn({ task: name, err: (err as Error).message }, 'periodic task failed'),
      ),
    );
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
