import type { RuleHealth } from './types';

/** Tracks health for `/api/v1/rules`: ok|err|unknown, lastError, lastEvaluation, evaluationTime. */
export class RuleHealthTracker {
  private state: RuleHealth = { health: 'unknown', lastError: '', evaluationTime: 0 };

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Runs one evaluation at `tMs`, recording its duration and outcome; rethrows its error. */
  track<T>(tMs: number, run: () => T): T {
    const start = this.now();
    try {
      const out = run();
      this.state = {
        health: 'ok',
        lastError: '',
        lastEvaluation: tMs,
        evaluationTime: (this.now() - start) / 1000,
      };
      return out;
    } catch (err) {
      this.state = {
        health: 'err',
        lastError: (err as Error).message,
        lastEvaluation: tMs,
        evaluationTime: (this.now() - start) / 1000,
      };
      throw err;
    }
  }

  get(): RuleHealth {
    return { ...this.state };
  }
}
