import type { MessageContext } from '@streamwatch/metrics-core';
import { toHistoryRecord, type AlertEvent } from '../domain/alert-event';
import type { NotifierMetrics } from '../metrics';
import type { HistoryStore } from '../ports';

export interface HistoryIngestDeps {
  store: HistoryStore;
  metrics: NotifierMetrics;
  /** Lets the resolved guarantee learn about resolutions from the stream as well as from Alertmanager. */
  onResolved?: (fingerprint: string) => Promise<void>;
}

/** Stores one transition; the topic/partition/offset reference makes redelivery a no-op. */
export function createHistoryIngest(
  deps: HistoryIngestDeps,
): (event: AlertEvent, ctx: MessageContext) => Promise<void> {
  return async (event, ctx) => {
    await deps.store.insert([toHistoryRecord(event, `${ctx.topic}/${ctx.partition}/${ctx.offset}`)]);
    deps.metrics.historyEvents.inc({ state: event.to });
    if (event.to === 'resolved' && event.from === 'firing') await deps.onResolved?.(event.fingerprint);
  };
}
