import { ValidationError } from '@streamwatch/metrics-core';
import type { SourcePosition } from '../promql';

/** An invalid rule file: `position` is the line/column in the YAML (with the PromQL error folded in). */
export class RuleFileError extends ValidationError {
  readonly position?: { line: number; column: number };
  readonly exprPosition?: SourcePosition;
  readonly file?: string;

  constructor(
    message: string,
    opts: { file?: string; position?: { line: number; column: number }; exprPosition?: SourcePosition } = {},
  ) {
    const where = opts.position
      ? `${opts.file ?? ''}:${opts.position.line}:${opts.position.column}: `
      : opts.file
        ? `${opts.file}: `
        : '';
    super(`${where}${message}`);
    this.position = opts.position;
    this.exprPosition = opts.exprPosition;
    this.file = opts.file;
  }
}
