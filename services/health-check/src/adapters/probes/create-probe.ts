import type { Target } from '../../domain/target';
import type { Probe } from '../../ports';
import { createDnsProbe } from './dns.probe';
import { createHttpAgents, createHttpProbe } from './http.probe';
import { createKafkaProbe } from './kafka.probe';
import { createPostgresProbe } from './postgres.probe';
import { createRedisProbe } from './redis.probe';
import { createTcpProbe } from './tcp.probe';

export type HttpAgents = ReturnType<typeof createHttpAgents>;

export function createProbe(target: Target, agents: HttpAgents): Probe {
  const spec = target.probe;
  switch (spec.type) {
    case 'http':
      return createHttpProbe(spec, agents);
    case 'tcp':
      return createTcpProbe(spec);
    case 'redis':
      return createRedisProbe(spec, target.timeoutMs);
    case 'postgres':
      return createPostgresProbe(spec, target.timeoutMs);
    case 'kafka':
      return createKafkaProbe(spec, target.timeoutMs);
    case 'dns':
      return createDnsProbe(spec, target.timeoutMs);
  }
}

export { createHttpAgents };
