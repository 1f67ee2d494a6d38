import { BatchConsumer, WireFormatError, type MessageContext } from '@streamwatch/metrics-core';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { alertEventSchema, type AlertEvent } from '../domain/alert-event';

export function decodeAlertEvent(value: Buffer): AlertEvent {
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch {
    throw new WireFormatError('corrupt', 'alert event is not JSON');
  }
  const parsed = alertEventSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WireFormatError(
      'corrupt',
      `alert event: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`,
    );
  }
  return parsed.data;
}

export interface AlertSourceOptions {
  kafka: Kafka;
  topic: string;
  groupId: string;
  logger: Logger;
  handle: (event: AlertEvent, ctx: MessageContext) => Promise<void>;
  onCorrupt: (ctx: MessageContext) => void;
}

/** Consumes the rule-evaluator's alert transitions; corrupt messages are counted and skipped. */
export function createAlertSource(opts: AlertSourceOptions): BatchConsumer<AlertEvent> {
  return new BatchConsumer<AlertEvent>({
    kafka: opts.kafka,
    groupId: opts.groupId,
    topics: [opts.topic],
    fromBeginning: true,
    logger: opts.logger.child({ component: 'alert-source' }),
    decode: decodeAlertEvent,
    handle: opts.handle,
    onCorrupt: (_err, ctx) => opts.onCorrupt(ctx),
  });
}
