import { Kafka, logLevel, type KafkaConfig, type LogEntry } from 'kafkajs';
import type { Logger } from 'pino';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
}

function pinoLogCreator(logger: Logger): KafkaConfig['logCreator'] {
  const log = logger.child({ component: 'kafkajs' });
  return () =>
    ({ level, log: entry }: LogEntry) => {
      const { message, ...rest } = entry;
      if (level === logLevel.ERROR) log.error(rest, message);
      else if (level === logLevel.WARN) log.warn(rest, message);
      else if (level === logLevel.INFO) log.info(rest, message);
      else log.debug(rest, message);
    };
}

export function createKafka(opts: KafkaClientOptions): Kafka {
  return new Kafka({
    clientId: opts.clientId,
    brokers: opts.brokers,
    connectionTimeout: opts.connectionTimeoutMs ?? 3000,
    requestTimeout: opts.requestTimeoutMs ?? 10000,
    logLevel: logLevel.WARN,
    logCreator: pinoLogCreator(opts.logger),
    retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 5000 },
  });
}
