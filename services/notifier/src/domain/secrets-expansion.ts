/**
 * Expands `${VAR}` in every string of a parsed YAML tree from `env`, and replaces `<field>_file: path`
 * with `<field>: <file content>`. Returns every problem found, so startup lists them all at once.
 */
export function expandSecrets(
  node: unknown,
  env: Record<string, string | undefined>,
  readFile: (path: string) => string,
  path = '',
  problems: string[] = [],
): { value: unknown; problems: string[] } {
  if (typeof node === 'string') {
    const value = node.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      const v = env[name];
      if (v === undefined) problems.push(`${path || '(root)'}: environment variable ${name} is not set`);
      return v ?? '';
    });
    return { value, problems };
  }
  if (Array.isArray(node))
    return {
      value: node.map((n, i) => expandSecrets(n, env, readFile, `${path}[${i}]`, problems).value),
      problems,
    };
  if (node === null || typeof node !== 'object') return { value: node, problems };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    const here = path ? `${path}.${k}` : k;
    if (k.endsWith('_file') && typeof v === 'string') {
      const target = k.slice(0, -'_file'.length);
      if (target in node) problems.push(`${here}: set ${target} or ${k}, not both`);
      try {
        out[target] = readFile(v).replace(/\r?\n$/, '');
      } catch {
        problems.push(`${here}: cannot read ${v}`);
      }
      continue;
    }
    out[k] = expandSecrets(v, env, readFile, here, problems).value;
  }
  return { value: out, problems };
}
