import { performance } from 'node:perf_hooks';
import type { Clock, TimerHandle } from '../ports';

export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimer: (fn, ms) => {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref?.();
    return t;
  },
  clearTimer: (h: TimerHandle) => clearTimeout(h as NodeJS.Timeout),
};
