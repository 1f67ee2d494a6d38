import type { Logger } from 'pino';
import type { ChannelWorker } from './channel-worker';

interface Loop {
  worker: ChannelWorker;
  /** Set by wake(); makes the loop run another round instead of sleeping. */
  pending: boolean;
  resolveSleep: (() => void) | undefined;
  done: Promise<void>;
}

export interface DispatcherOptions {
  pollMs: number;
  errorBackoffMs: number;
  logger: Logger;
}

/**
 * Runs one independent loop per channel. A loop sleeps `pollMs` when idle (other instances may have
 * queued work) and is woken at once when this instance queues something for its channel.
 */
export class Dispatcher {
  private readonly loops = new Map<string, Loop>();
  private running = false;
  private readonly log: Logger;

  constructor(
    private readonly workers: Map<string, ChannelWorker>,
    private readonly opts: DispatcherOptions,
  ) {
    this.log = opts.logger.child({ component: 'dispatcher' });
  }

  start(): void {
    this.running = true;
    for (const [key, worker] of this.workers) {
      const loop: Loop = { worker, pending: false, resolveSleep: undefined, done: Promise.resolve() };
      this.loops.set(key, loop);
      loop.done = this.run(key, loop);
    }
  }

  wake(channelKeys: Iterable<string>): void {
    for (const key of channelKeys) {
      const loop = this.loops.get(key);
      if (!loop) continue;
      loop.pending = true;
      loop.resolveSleep?.();
    }
  }

  private sleep(loop: Loop, ms: number): Promise<void> {
    if (loop.pending || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => loop.resolveSleep?.(), ms);
      loop.resolveSleep = () => {
        clearTimeout(timer);
        loop.resolveSleep = undefined;
        resolve();
      };
    });
  }

  private async run(key: string, loop: Loop): Promise<void> {
    while (this.running) {
      loop.pending = false;
      try {
        if ((await loop.worker.tick()) > 0) continue;
        await this.sleep(loop, this.opts.pollMs);
      } catch (err) {
        this.log.warn({ channel: key, err: (err as Error).message }, 'delivery round failed');
        loop.pending = false;
        await this.sleep(loop, this.opts.errorBackoffMs);
      }
    }
  }

  /** Stops claiming and waits for the rounds in flight, so their results are recorded. */
  async stop(): Promise<void> {
    this.running = false;
    for (const loop of this.loops.values()) loop.resolveSleep?.();
    await Promise.all([...this.loops.values()].map((l) => l.done));
  }
}
