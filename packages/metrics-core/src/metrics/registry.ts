import { collectDefaultMetrics, Registry } from 'prom-client';

/** A service's own registry (never prom-client's global one), with default process metrics. */
export function createRegistry(service: string, opts: { defaultMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  return registry;
}
