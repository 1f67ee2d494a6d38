import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { parseRuleFile, type RuleGroup } from '../domain/rules';
import { parseTestFile } from './test-file';
import { runTestGroup } from './test-runner';

async function runFile(file: string): Promise<{ passed: boolean; output: string }> {
  let out = `Unit Testing:  ${file}\n`;
  let errors: string[];
  try {
    const test = parseTestFile(await readFile(file, 'utf8'));
    const groups: RuleGroup[] = [];
    for (const rf of test.rule_files) {
      const path = isAbsolute(rf) ? rf : join(dirname(file), rf);
      groups.push(...parseRuleFile(await readFile(path, 'utf8'), path));
    }
    errors = test.tests.flatMap((tg) => runTestGroup(test, tg, groups));
  } catch (err) {
    errors = [`    ${(err as Error).message}`];
  }
  if (errors.length === 0) return { passed: true, output: `${out}  SUCCESS\n\n` };
  out += `  FAILED:\n${errors.join('\n')}\n\n`;
  return { passed: false, output: out };
}

/** promtool-compatible `test rules`: runs every file; passed only when every test in every file passes. */
export async function runRuleTests(files: string[]): Promise<{ passed: boolean; output: string }> {
  let passed = true;
  let output = '';
  for (const f of files) {
    const r = await runFile(f);
    passed &&= r.passed;
    output += r.output;
  }
  return { passed, output };
}
