import type { Logger } from 'pino';

export interface ShutdownStep {
  name: string;
  run: () => Promise<void>;
}

export interface ShutdownOptions {
  logger: Logger;
  deadlineMs?: number;
  /** Run in order: stop accepting, finish in-flight work, commit offsets, close clients. */
  steps: ShutdownStep[];
  exit?: (code: number) => void;
}

/** Runs the steps once, in order; a step that fails is logged and the rest still run. Exit 1 past the deadline. */
export async function runShutdown(opts: ShutdownOptions): Promise<number> {
  const deadline = opts.deadlineMs ?? 10_000;
  let timer: NodeJS.Timeout | undefined;
  const overtime = new Promise<number>((resolve) => {
    timer = setTimeout(() => {
      opts.logger.error({ deadlineMs: deadline }, 'shutdown deadline exceeded');
      resolve(1);
    }, deadline);
  });
  const work = (async () => {
    let code = 0;
    for (const step of opts.steps) {
      try {
        await step.run();
        opts.logger.info({ step: step.name }, 'shutdown step done');
      } catch (err) {
        code = 1;
        opts.logger.error({ err, step: step.name }, 'shutdown step failed');
      }
    }
    return code;
  })();
  const code = await Promise.race([work, overtime]);
  clearTimeout(timer);
  return code;
}

/** Installs SIGTERM/SIGINT handlers that run the shutdown once and exit with its code. */
export function onShutdownSignals(opts: ShutdownOptions & { onStart?: () => void }): void {
  let started = false;
  const handler = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    opts.logger.info({ signal }, 'shutting down');
    opts.onStart?.();
    void runShutdown(opts).then((code) => (opts.exit ?? process.exit)(code));
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}
