import { ConfigError } from '../errors/errors';

/** Entry-point wrapper: a ConfigError prints every problem and exits 78 (EX_CONFIG); any other failure exits 1. */
export function runMain(service: string, main: () => Promise<unknown>): void {
  main().catch((err: unknown) => {
    if (err instanceof ConfigError) {
      process.stderr.write(`${service}: ${err.message}\n`);
      process.exit(78);
    }
    process.stderr.write(
      `${JSON.stringify({ level: 50, name: service, msg: 'startup failed', err: { message: (err as Error).message, stack: (err as Error).stack } })}\n`,
    );
    process.exit(1);
  });
}
