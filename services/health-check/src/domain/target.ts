export const PROBE_TYPES = ['http', 'tcp', 'redis', 'postgres', 'kafka', 'dns'] as const;
export type ProbeType = (typeof PROBE_TYPES)[number];

export interface JsonCondition {
  path: string;
  equals?: string | number | boolean;
  exists?: boolean;
}

export interface HttpSpec {
  type: 'http';
  url: string;
  method: 'GET' | 'HEAD';
  headers: Record<string, string>;
  expectedStatus: number[];
  bodyContains?: string;
  json?: JsonCondition;
  maxResponseTimeMs?: number;
  /** `ca` is the PEM text of extra trusted CAs (read from `tls.ca_file` at load time). */
  tls: { insecureSkipVerify: boolean; ca?: string };
}

export interface TcpSpec {
  type: 'tcp';
  host: string;
  port: number;
}

export interface RedisSpec {
  type: 'redis';
  host: string;
  port: number;
  username?: string;
  password?: string;
}

export interface PostgresSpec {
  type: 'postgres';
  host: string;
  port: number;
  user: string;
  database: string;
  password?: string;
}

export interface KafkaSpec {
  type: 'kafka';
  brokers: string[];
  topic?: string;
}

export interface DnsSpec {
  type: 'dns';
  query: string;
  recordType: 'A' | 'AAAA';
  server?: string;
  expectAddresses: string[];
}

export type ProbeSpec = HttpSpec | TcpSpec | RedisSpec | PostgresSpec | KafkaSpec | DnsSpec;

/** One monitored thing, fully resolved (defaults applied, secrets read). */
export interface Target {
  name: string;
  description?: string;
  intervalMs: number;
  timeoutMs: number;
  failureThreshold: number;
  successThreshold: number;
  dependsOn: string[];
  /** A non-critical target that is down makes the aggregate `warn`, not `fail`. */
  critical: boolean;
  probe: ProbeSpec;
}
