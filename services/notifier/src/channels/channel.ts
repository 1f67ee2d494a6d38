import type { AlertGroup, AlertStatus } from '../domain/alert-group';
import type { DeliveryOutcome } from '../domain/outcome';
import type { RenderedMessage } from '../domain/templates';

export interface OutgoingMessage {
  rendered: RenderedMessage;
  groups: AlertGroup[];
  receiver: string;
  status: AlertStatus;
  /** Identical on every attempt of the same delivery; sent wherever the provider can carry it. */
  idempotencyKey: string;
  folded: boolean;
}

/** One configured destination. `send` never throws: every failure is a DeliveryOutcome. */
export interface ChannelSender {
  send(message: OutgoingMessage, timeoutMs: number): Promise<DeliveryOutcome>;
}
