import type { Labels } from '@streamwatch/metrics-core';

/** One sample line of an exposition; `timestampMs` only when the target gave one. */
export interface ExposedSample {
  name: string;
  labels: Labels;
  value: number;
  timestampMs?: number;
}

export type ExpositionFormat = 'text' | 'openmetrics';

export class ExpositionParseError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'ExpositionParseError';
  }
}

export function formatOf(contentType: string): ExpositionFormat {
  return /application\/openmetrics-text/i.test(contentType) ? 'openmetrics' : 'text';
}

const NAME_START = /[a-zA-Z_:]/;
const NAME_CHAR = /[a-zA-Z0-9_:]/;
const SPECIAL: Record<string, number> = { nan: NaN, inf: Infinity, '+inf': Infinity, '-inf': -Infinity };
const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function parseFloatStrict(token: string): number | undefined {
  const special = SPECIAL[token.toLowerCase()];
  if (special !== undefined) return special;
  return NUMBER_RE.test(token) ? Number(token) : undefined;
}

/** Scans one sample line: name, optional `{labels}`, value, optional timestamp, optional OpenMetrics exemplar. */
class LineScanner {
  private pos = 0;
  constructor(
    private readonly s: string,
    private readonly lineNo: number,
  ) {}

  fail(message: string): never {
    throw new ExpositionParseError(this.lineNo, message);
  }
  private skipSpaces(): void {
    while (this.s[this.pos] === ' ' || this.s[this.pos] === '\t') this.pos++;
  }
  private name(what: string, start: RegExp): string {
    const begin = this.pos;
    if (!start.test(this.s[this.pos] ?? '')) this.fail(`expected ${what} at column ${this.pos + 1}`);
    this.pos++;
    while (NAME_CHAR.test(this.s[this.pos] ?? '')) this.pos++;
    return this.s.slice(begin, this.pos);
  }
  private quoted(): string {
    if (this.s[this.pos] !== '"') this.fail(`expected '"' at column ${this.pos + 1}`);
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.s[this.pos++];
      if (c === undefined) this.fail('unterminated label value');
      if (c === '"') return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s[this.pos++];
      if (e === '\\') out += '\\';
      else if (e === '"') out += '"';
      else if (e === 'n') out += '\n';
      else this.fail(`invalid escape "\\${e ?? ''}" in label value`);
    }
  }
  private labels(): Labels {
    const labels: Labels = {};
    this.pos++; // '{'
    for (;;) {
      this.skipSpaces();
      if (this.s[this.pos] === '}') break;
      const label = this.name('label name', /[a-zA-Z_]/);
      this.skipSpaces();
      if (this.s[this.pos] !== '=') this.fail(`expected '=' after label ${label}`);
      this.pos++;
      this.skipSpaces();
      if (label in labels) this.fail(`duplicate label ${label}`);
      labels[label] = this.quoted();
      this.skipSpaces();
      if (this.s[this.pos] === ',') this.pos++;
      else if (this.s[this.pos] !== '}') this.fail(`expected ',' or '}' at column ${this.pos + 1}`);
    }
    this.pos++; // '}'
    return labels;
  }
  private token(): string {
    const begin = this.pos;
    while (this.pos < this.s.length && this.s[this.pos] !== ' ' && this.s[this.pos] !== '\t') this.pos++;
    return this.s.slice(begin, this.pos);
  }

  sample(format: ExpositionFormat): ExposedSample {
    const name = this.name('metric name', NAME_START);
    this.skipSpaces();
    const labels = this.s[this.pos] === '{' ? this.labels() : {};
    this.skipSpaces();
    const rawValue = this.token();
    const value = parseFloatStrict(rawValue);
    if (value === undefined) this.fail(`invalid value "${rawValue}" for ${name}`);
    this.skipSpaces();
    const sample: ExposedSample = { name, labels, value };
    if (this.pos < this.s.length && this.s[this.pos] !== '#') {
      const rawTs = this.token();
      const ts = parseFloatStrict(rawTs);
      if (ts === undefined || !Number.isFinite(ts)) this.fail(`invalid timestamp "${rawTs}"`);
      if (format === 'text' && !Number.isInteger(ts))
        this.fail(`timestamp "${rawTs}" must be integer milliseconds`);
      sample.timestampMs = format === 'openmetrics' ? Math.round(ts * 1000) : ts;
      this.skipSpaces();
    }
    if (this.pos < this.s.length) {
      if (format === 'openmetrics' && this.s.startsWith('# ', this.pos)) return sample; // exemplar, not kept
      this.fail(`unexpected "${this.s.slice(this.pos, this.pos + 20)}" after the sample`);
    }
    return sample;
  }
}

/**
 * Parses the Prometheus text format (0.0.4) or OpenMetrics 1.0. Like Prometheus, any malformed line fails
 * the whole page. OpenMetrics timestamps are seconds, text-format ones milliseconds; exemplars are skipped.
 */
export function parseExposition(body: string, format: ExpositionFormat): ExposedSample[] {
  const out: ExposedSample[] = [];
  const lines = body.split('\n');
  let sawEof = false;
  for (let i = 0; i < lines.length; i++) {
    const line = format === 'text' ? lines[i]!.replace(/\r$/, '').trim() : lines[i]!;
    if (sawEof) {
      if (line === '' && i === lines.length - 1) continue;
      throw new ExpositionParseError(i + 1, 'content after "# EOF"');
    }
    if (line === '') {
      if (format === 'openmetrics' && i !== lines.length - 1)
        throw new ExpositionParseError(i + 1, 'empty line');
      continue;
    }
    if (line.startsWith('#')) {
      if (format === 'openmetrics' && line === '# EOF') sawEof = true;
      continue;
    }
    out.push(new LineScanner(line, i + 1).sample(format));
  }
  if (format === 'openmetrics' && !sawEof)
    throw new ExpositionParseError(lines.length, 'OpenMetrics page does not end with "# EOF"');
  return out;
}
