import { promises as dns } from 'node:dns';
import { failure } from '../../domain/probe-result';
import type { DnsSpec } from '../../domain/target';
import type { Probe } from '../../ports';
import { abortable, errorOutcome } from './classify-error';

/** Resolves the name (A or AAAA) through the configured server; optionally requires expected addresses. */
export function createDnsProbe(spec: DnsSpec, timeoutMs: number): Probe {
  return {
    run: async (signal) => {
      const resolver = new dns.Resolver({ timeout: timeoutMs, tries: 1 });
      if (spec.server) resolver.setServers([spec.server]);
      try {
        const lookup =
          spec.recordType === 'AAAA' ? resolver.resolve6(spec.query) : resolver.resolve4(spec.query);
        const addresses = await abortable(lookup, signal, () => resolver.cancel());
        if (addresses.length === 0) return failure('dns', `no ${spec.recordType} record for ${spec.query}`);
        const missing = spec.expectAddresses.filter((a) => !addresses.includes(a));
        if (missing.length > 0)
          return failure(
            'dns',
            `${spec.query} resolved to ${addresses.join(', ')}, missing ${missing.join(', ')}`,
          );
        return { success: true };
      } catch (err) {
        return errorOutcome(err);
      }
    },
  };
}
