export * from './api';
export { compileExpr } from './compile';
