import type { MessageContext } from '@streamwatch/metrics-core';
import { toHistoryRecord, type AlertEvent } from '../domain/alert-event';
import type { NotifierMetrics } from '../metrics';
import type { HistoryStore } from '../ports';

export interface HistoryIngestDeps {
  store: HistoryStore;
  metrics: NotifierMetrics;
  /**
   * Lets the resolved guarantee learn about resolutions, and when they happened (`resolvedAt`, else
   * the event's time), from the stream as well as from Alertmanager.
   */
  onResolved?: (fingerprint: string, endedAt: Date) => Promise<void>;
}

/** Stores one transition; the topic/partition/offset reference makes redelivery a no-op. */
export function createHistoryIngest(
  deps: HistoryIngestDeps,
): (event: AlertEvent, ctx: MessageContext) => Promise<void> {
  return async (event, ctx) => {
    const record = toHistoryRecord(event, `${ctx.topic}/${ctx.partition}/${ctx.offset}`);
    await deps.store.insert([record]);
    deps.metrics.historyEvents.inc({ state: event.to });
    if (event.to === 'resolved' && event.from === 'firing')
      await deps.onResolved?.(record.fingerprint, record.resolvedAt ?? record.eventAt);
  };
}
