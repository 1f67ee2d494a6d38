import type { Labels } from '@streamwatch/metrics-core';
import { LABEL_NAME_RE } from '@streamwatch/metrics-core';
import { compileRegex, type Re2Pattern } from './matchers';
import { EvalError, type Sample } from './values';

/** The text of the first group named `name` that took part in the match, as Go's Expand looks names up. */
function namedGroup(
  match: RegExpExecArray,
  groupNames: readonly (string | undefined)[],
  name: string,
): string {
  for (let i = 1; i < groupNames.length; i++) {
    const text = match[i];
    if (groupNames[i] === name && text !== undefined) return text;
  }
  return '';
}

/** Go's regexp.Expand template semantics: `$1`, `${1}`, `$name`, `${name}`, `$$`. */
export function expandTemplate(
  template: string,
  match: RegExpExecArray,
  groupNames: readonly (string | undefined)[],
): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    if (template[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    let name: string;
    const braced = template[i + 1] === '{';
    if (braced) {
      const end = template.indexOf('}', i + 2);
      name = end < 0 ? '' : template.slice(i + 2, end);
      if (end < 0 || !/^[A-Za-z0-9_]+$/.test(name)) {
        out += c;
        continue;
      }
      i = end;
    } else {
      const m = /^[A-Za-z0-9_]+/.exec(template.slice(i + 1));
      if (!m) {
        out += c;
        continue;
      }
      name = m[0];
      i += name.length;
    }
    out += /^\d+$/.test(name) ? (match[Number(name)] ?? '') : namedGroup(match, groupNames, name);
  }
  return out;
}

function withLabel(labels: Labels, name: string, value: string): Labels {
  const out: Labels = { ...labels };
  if (value === '') delete out[name];
  else out[name] = value;
  return out;
}

export function labelReplace(
  input: Sample[],
  dst: string,
  replacement: string,
  src: string,
  regex: string,
): Sample[] {
  let re: Re2Pattern;
  try {
    re = compileRegex(regex);
  } catch {
    throw new EvalError(`invalid regular expression in label_replace(): ${regex}`);
  }
  if (!LABEL_NAME_RE.test(dst))
    throw new EvalError(`invalid destination label name in label_replace(): ${dst}`);
  return input.map((s) => {
    const m = re.regex.exec(s.labels[src] ?? '');
    if (!m) return { labels: s.labels, value: s.value };
    return {
      labels: withLabel(s.labels, dst, expandTemplate(replacement, m, re.groupNames)),
      value: s.value,
    };
  });
}

export function labelJoin(input: Sample[], dst: string, sep: string, srcs: string[]): Sample[] {
  if (!LABEL_NAME_RE.test(dst)) throw new EvalError(`invalid destination label name in label_join(): ${dst}`);
  for (const src of srcs)
    if (!LABEL_NAME_RE.test(src)) throw new EvalError(`invalid source label name in label_join(): ${src}`);
  return input.map((s) => ({
    labels: withLabel(s.labels, dst, srcs.map((n) => s.labels[n] ?? '').join(sep)),
    value: s.value,
  }));
}
