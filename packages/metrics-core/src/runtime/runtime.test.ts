import { silentLogger } from '../log/logger';
import { DependencyError, ValidationError } from '../errors/errors';
import { backoffDelay, retry } from './retry';
import { runShutdown } from './shutdown';

describe('retry', () => {
  it('retries retriable errors with growing, capped, jittered delays', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const result = await retry(
      async () => {
        calls++;
        if (calls < 4) throw new DependencyError('x', 'down');
        return 'ok';
      },
      {
        retries: 5,
        minDelayMs: 100,
        maxDelayMs: 300,
        sleep: async (ms) => void sleeps.push(ms),
        random: () => 0.999,
      },
    );
    expect(result).toBe('ok');
    expect(sleeps).toEqual([99, 199, 299]);
  });

  it('does not retry non-retriable errors and gives up after the budget', async () => {
    let calls = 0;
    const opts = { retries: 2, minDelayMs: 1, maxDelayMs: 1, sleep: async () => undefined };
    await expect(
      retry(async () => {
        calls++;
        throw new ValidationError('bad');
      }, opts),
    ).rejects.toThrow('bad');
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      retry(async () => {
        calls++;
        throw new DependencyError('x', 'down');
      }, opts),
    ).rejects.toThrow('down');
    expect(calls).toBe(3);
  });

  it('backoff is bounded by zero and the cap', () => {
    expect(backoffDelay(10, { minDelayMs: 10, maxDelayMs: 50 }, () => 0)).toBe(0);
    expect(backoffDelay(10, { minDelayMs: 10, maxDelayMs: 50 }, () => 0.99999)).toBe(49);
  });
});

describe('runShutdown', () => {
  it('runs steps in order and keeps going after a failing step', async () => {
    const order: string[] = [];
    const code = await runShutdown({
      logger: silentLogger(),
      steps: [
        { name: 'http', run: async () => void order.push('http') },
        {
          name: 'broken',
          run: async () => {
            order.push('broken');
            throw new Error('x');
          },
        },
        { name: 'kafka', run: async () => void order.push('kafka') },
      ],
    });
    expect(order).toEqual(['http', 'broken', 'kafka']);
    expect(code).toBe(1);
  });

  it('exits 1 when the deadline passes', async () => {
    const code = await runShutdown({
      logger: silentLogger(),
      deadlineMs: 30,
      steps: [{ name: 'hang', run: () => new Promise(() => undefined) }],
    });
    expect(code).toBe(1);
  });

  it('exits 0 when all steps finish', async () => {
    expect(
      await runShutdown({ logger: silentLogger(), steps: [{ name: 'a', run: async () => undefined }] }),
    ).toBe(0);
  });
});
