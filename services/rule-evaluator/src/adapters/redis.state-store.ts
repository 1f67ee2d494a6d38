import type Redis from 'ioredis';
import { DependencyError } from '@streamwatch/metrics-core';
import type { AlertingRuleSnapshot } from '../domain/rules/types';
import type { AlertStateStore } from '../ports';

/** One Redis hash per evaluator deployment: field = rule id, value = the rule's JSON snapshot. */
export class RedisAlertStateStore implements AlertStateStore {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
  ) {}

  async loadAll(): Promise<Map<string, AlertingRuleSnapshot>> {
    const raw = await this.wrap(() => this.redis.hgetall(this.key));
    const out = new Map<string, AlertingRuleSnapshot>();
    for (const [rule, json] of Object.entries(raw)) {
      try {
        out.set(rule, JSON.parse(json) as AlertingRuleSnapshot);
      } catch {
        /* a corrupt entry only loses that rule's state */
      }
    }
    return out;
  }

  async save(ruleId: string, snapshot: AlertingRuleSnapshot): Promise<void> {
    if (snapshot.alerts.length === 0) await this.remove(ruleId);
    else await this.wrap(() => this.redis.hset(this.key, ruleId, JSON.stringify(snapshot)));
  }

  async remove(ruleId: string): Promise<void> {
    await this.wrap(() => this.redis.hdel(this.key, ruleId));
  }

  private async wrap<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      throw new DependencyError('redis', `alert state: ${(err as Error).message}`, { cause: err });
    }
  }
}
