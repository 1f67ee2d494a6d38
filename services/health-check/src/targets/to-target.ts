import type { ErrorDetail } from '@streamwatch/metrics-core';
import type { ProbeSpec, Target } from '../domain/target';
import { resolvePassword, type LoadContext } from './secrets';
import type { RawTarget } from './targets.schema';

export interface Defaults {
  interval: number;
  timeout: number;
  failure_threshold: number;
  success_threshold: number;
}

function splitHostPort(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  return { host: address.slice(0, i), port: Number(address.slice(i + 1)) };
}

function toSpec(
  raw: RawTarget,
  ctx: LoadContext,
  field: (f: string) => string,
  problems: ErrorDetail[],
): ProbeSpec {
  switch (raw.type) {
    case 'http': {
      let ca: string | undefined;
      if (raw.tls.ca_file) {
        try {
          ca = ctx.readFile(raw.tls.ca_file);
        } catch (err) {
          problems.push({
            field: field('tls.ca_file'),
            message: `cannot read ${raw.tls.ca_file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
          });
        }
      }
      return {
        type: 'http',
        url: raw.url,
        method: raw.method,
        headers: raw.headers,
        expectedStatus: raw.expect.status,
        ...(raw.expect.body_contains !== undefined ? { bodyContains: raw.expect.body_contains } : {}),
        ...(raw.expect.json ? { json: raw.expect.json } : {}),
        ...(raw.expect.max_response_time !== undefined
          ? { maxResponseTimeMs: raw.expect.max_response_time }
          : {}),
        tls: { insecureSkipVerify: raw.tls.insecure_skip_verify, ...(ca ? { ca } : {}) },
      };
    }
    case 'tcp':
      return { type: 'tcp', ...splitHostPort(raw.address) };
    case 'redis': {
      const password = resolvePassword(raw, ctx, field, problems);
      return {
        type: 'redis',
        ...splitHostPort(raw.address),
        ...(raw.username ? { username: raw.username } : {}),
        ...(password ? { password } : {}),
      };
    }
    case 'postgres': {
      const password = resolvePassword(raw, ctx, field, problems);
      return {
        type: 'postgres',
        ...splitHostPort(raw.address),
        user: raw.user,
        database: raw.database,
        ...(password ? { password } : {}),
      };
    }
    case 'kafka':
      return { type: 'kafka', brokers: raw.brokers, ...(raw.topic ? { topic: raw.topic } : {}) };
    case 'dns':
      return {
        type: 'dns',
        query: raw.query,
        recordType: raw.record_type,
        ...(raw.server ? { server: raw.server } : {}),
        expectAddresses: raw.expect_addresses,
      };
  }
}

/** Applies file defaults and resolves secrets; per-target problems are appended to `problems`. */
export function toTarget(
  raw: RawTarget,
  defaults: Defaults,
  ctx: LoadContext,
  field: (f: string) => string,
  problems: ErrorDetail[],
): Target {
  const target: Target = {
    name: raw.name,
    ...(raw.description ? { description: raw.description } : {}),
    intervalMs: raw.interval ?? defaults.interval,
    timeoutMs: raw.timeout ?? defaults.timeout,
    failureThreshold: raw.failure_threshold ?? defaults.failure_threshold,
    successThreshold: raw.success_threshold ?? defaults.success_threshold,
    dependsOn: raw.depends_on,
    critical: raw.critical,
    probe: toSpec(raw, ctx, field, problems),
  };
  if (target.timeoutMs > target.intervalMs)
    problems.push({
      field: field('timeout'),
      message: `timeout (${target.timeoutMs} ms) must not exceed interval (${target.intervalMs} ms)`,
    });
  return target;
}
