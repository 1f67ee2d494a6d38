import type { RequestRejectionReason } from '../domain/rejection';

/** A whole request refused with a 4xx; the shared error middleware answers `{ error: type, reason: message }`. */
export class RequestRejection extends Error {
  readonly expose = true;
  constructor(
    readonly status: 400 | 401 | 413 | 415,
    readonly type: RequestRejectionReason,
    message: string,
  ) {
    super(message);
    this.name = 'RequestRejection';
  }
}
