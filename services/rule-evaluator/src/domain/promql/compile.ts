import { PromQLError, type CompiledExpr } from './api';

/** Parses and checks `text` once; throws PromQLError for syntax errors and unsupported constructs. */
export function compileExpr(text: string): CompiledExpr {
  throw new PromQLError(`PromQL engine not implemented yet: ${text}`);
}
