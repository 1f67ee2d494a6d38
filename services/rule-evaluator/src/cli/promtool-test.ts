#!/usr/bin/env node
import { runRuleTests } from './test-command';

const USAGE =
  'usage: promtool-test test rules [--stream] <test-file>...\n' +
  '  --stream  evaluate through the streaming runtime (as the service does) instead of promtool-style batches\n';

async function main(argv: string[]): Promise<number> {
  const [cmd, sub, ...rest] = argv;
  const stream = rest.includes('--stream');
  const files = rest.filter((a) => a !== '--stream');
  if (cmd !== 'test' || sub !== 'rules' || files.length === 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  const { passed, output } = await runRuleTests(files, { stream });
  process.stdout.write(output);
  return passed ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
