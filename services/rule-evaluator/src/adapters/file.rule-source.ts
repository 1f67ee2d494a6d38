import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { RuleFileSource } from '../ports';

/** `*` and `?` in the file-name part only (e.g. `/etc/rules/*.yml`), as Prometheus' rule_files globs. */
function globToRegex(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${escaped}$`);
}

async function expand(pattern: string): Promise<string[]> {
  if (!/[*?]/.test(pattern)) return [pattern];
  const dir = dirname(pattern);
  const re = globToRegex(basename(pattern));
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .filter((n) => re.test(n))
    .sort()
    .map((n) => join(dir, n));
}

/** Reads the rule files named by paths or globs; `signature()` changes when a file is added, removed or edited. */
export class FileRuleSource implements RuleFileSource {
  constructor(private readonly patterns: string[]) {}

  private async files(): Promise<string[]> {
    const all = await Promise.all(this.patterns.map(expand));
    return [...new Set(all.flat())];
  }

  async read(): Promise<Array<{ file: string; text: string }>> {
    const files = await this.files();
    return Promise.all(files.map(async (file) => ({ file, text: await readFile(file, 'utf8') })));
  }

  async signature(): Promise<string> {
    const parts = await Promise.all(
      (await this.files()).map(async (f) => {
        const s = await stat(f).catch(() => undefined);
        return s ? `${f}:${s.mtimeMs}:${s.size}` : `${f}:missing`;
      }),
    );
    return parts.join('|');
  }
}
