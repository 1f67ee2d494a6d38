import type Redis from 'ioredis';
import type { Grant, RateLimiter } from '../ports';

/** Fixed window shared by every instance: grants min(want, limit - used) and counts them atomically. */
const ACQUIRE = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local want = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local granted = math.max(0, math.min(want, limit - used))
if granted > 0 then
  redis.call('INCRBY', KEYS[1], granted)
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return {granted, limit - used - granted}`;

export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'streamwatch:notifier:rate',
    private readonly now: () => number = Date.now,
  ) {}

  async acquire(key: string, want: number, limit: { count: number; perMs: number }): Promise<Grant> {
    const now = this.now();
    const window = Math.floor(now / limit.perMs);
    const resetInMs = (window + 1) * limit.perMs - now;
    const redisKey = `${this.prefix}:${key}:${window}`;
    const [granted, remaining] = (await this.redis.eval(
      ACQUIRE,
      1,
      redisKey,
      want,
      limit.count,
      limit.perMs * 2,
    )) as [number, number];
    return { granted: Number(granted), remaining: Math.max(0, Number(remaining)), resetInMs };
  }
}
