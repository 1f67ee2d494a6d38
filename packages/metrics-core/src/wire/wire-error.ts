import { ValidationError } from '../errors/errors';

export type WireFormatProblem = 'corrupt' | 'unknown_version' | 'bad_magic';

/** A Kafka message that cannot be decoded; consumers count it and skip it. */
export class WireFormatError extends ValidationError {
  constructor(
    readonly problem: WireFormatProblem,
    message: string,
  ) {
    super(message);
  }
}
