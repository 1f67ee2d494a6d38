import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { parseRuleFile, type RuleGroup } from '../domain/rules';
import { runStreamTestGroup, type RuleFileText } from './stream-test-runner';
import { parseTestFile, type TestFile } from './test-file';
import { runTestGroup } from './test-runner';

export interface RuleTestOptions {
  /** Evaluate through the streaming EvaluationRuntime (stream-test-runner.ts) instead of the batch GroupRunner. */
  stream?: boolean;
}

export interface RuleTestResult {
  passed: boolean;
  /** promtool's output format. */
  output: string;
}

/** The failure lines of every test group of a parsed test file. */
async function runGroups(file: string, test: TestFile, opts: RuleTestOptions): Promise<string[]> {
  const texts: RuleFileText[] = [];
  for (const rf of test.rule_files) {
    const path = isAbsolute(rf) ? rf : join(dirname(file), rf);
    texts.push({ path, text: await readFile(path, 'utf8') });
  }
  if (!opts.stream) {
    const groups: RuleGroup[] = texts.flatMap((f) => parseRuleFile(f.text, f.path));
    return test.tests.flatMap((tg) => runTestGroup(test, tg, groups));
  }
  const errors: string[] = [];
  for (const tg of test.tests) errors.push(...(await runStreamTestGroup(test, tg, texts)));
  return errors;
}

async function runFile(file: string, opts: RuleTestOptions): Promise<RuleTestResult> {
  let out = `Unit Testing:  ${file}\n`;
  let errors: string[];
  try {
    errors = await runGroups(file, parseTestFile(await readFile(file, 'utf8')), opts);
  } catch (err) {
    errors = [`    ${(err as Error).message}`];
  }
  if (errors.length === 0) return { passed: true, output: `${out}  SUCCESS\n\n` };
  out += `  FAILED:\n${errors.join('\n')}\n\n`;
  return { passed: false, output: out };
}

/** promtool-compatible `test rules`: runs every file; passed only when every test in every file passes. */
export async function runRuleTests(files: string[], opts: RuleTestOptions = {}): Promise<RuleTestResult> {
  let passed = true;
  let output = '';
  for (const f of files) {
    const r = await runFile(f, opts);
    passed &&= r.passed;
    output += r.output;
  }
  return { passed, output };
}
