import { Counter, type Registry } from 'prom-client';
import type { WireFormatError } from '../wire/wire-error';
import type { MessageContext } from './batch-consumer';

/** `streamwatch_kafka_messages_corrupt_total{topic,problem}`: messages skipped because they could not be decoded. */
export function corruptMessageCounter(
  registry: Registry,
): (err: WireFormatError, ctx: MessageContext) => void {
  const counter = new Counter({
    name: 'streamwatch_kafka_messages_corrupt_total',
    help: 'Kafka messages that could not be decoded and were skipped.',
    labelNames: ['topic', 'problem'],
    registers: [registry],
  });
  return (err, ctx) => counter.inc({ topic: ctx.topic, problem: err.problem });
}
