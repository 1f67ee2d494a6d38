/** Go's strconv 'g'/'e' formatting: `prec` significant digits (or shortest when undefined). */
export function formatG(v: number, prec?: number, upper = false): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const expForm = prec === undefined ? v.toExponential() : v.toExponential(Math.max(prec, 1) - 1);
  const [mant = '', expText = '0'] = expForm.split('e');
  const exp = Number(expText);
  const mantissa = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
  const nd = mantissa.replace(/[-.]/g, '').length;
  let eprec = prec === undefined ? 6 : prec;
  if (prec !== undefined && eprec > nd && nd >= exp + 1) eprec = nd;
  if (exp < -4 || exp >= eprec) {
    const e = `${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
    return `${mantissa}${upper ? 'E' : 'e'}${e}`;
  }
  const decimals = Math.max(0, nd - (exp + 1));
  return v.toFixed(decimals);
}

/** Go's `%v` for a float64: shortest 'g' (exponent form from 1e+06 and below 1e-04). */
export function formatValue(v: number): string {
  return formatG(v);
}

/** Go's strconv.FormatFloat(v, 'E', -1, 64), as promtool prints sample values. */
export function formatE(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  const [mant = '', expText = '0'] = v.toExponential().split('e');
  const exp = Number(expText);
  return `${mant}E${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function pad(s: string, width: number | undefined, flags: string): string {
  if (width === undefined || s.length >= width) return s;
  if (flags.includes('-')) return s.padEnd(width);
  if (flags.includes('0') && /^[+-]?[\d.]/.test(s)) {
    const sign = /^[+-]/.test(s) ? (s[0] as string) : '';
    return sign + s.slice(sign.length).padStart(width - sign.length, '0');
  }
  return s.padStart(width);
}

function toNumber(a: unknown): number {
  return typeof a === 'number' ? a : Number(a);
}

/** A subset of Go's fmt.Sprintf: %s %v %d %f %e %g %q %x %% with flags, width and precision. */
export function goSprintf(format: string, args: unknown[]): string {
  let i = 0;
  return format.replace(
    /%([-+ 0#]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g,
    (_m, flags: string, w?: string, p?: string, verb?: string) => {
      if (verb === '%') return '%';
      if (i >= args.length) return `%!${verb}(MISSING)`;
      const arg = args[i++];
      const width = w === undefined ? undefined : Number(w);
      const prec = p === undefined ? undefined : Number(p);
      let s: string;
      switch (verb) {
        case 'd':
          s = Number.isInteger(arg)
            ? String(arg)
            : `%!d(${typeof arg === 'number' ? 'float64' : 'string'}=${String(arg)})`;
          break;
        case 'f':
        case 'F':
          s = toNumber(arg).toFixed(prec ?? 6);
          break;
        case 'e':
        case 'E':
          s = toNumber(arg)
            .toExponential(prec ?? 6)
            .replace(/e([+-])(\d)$/, 'e$10$2');
          if (verb === 'E') s = s.toUpperCase();
          break;
        case 'g':
        case 'G':
          s = formatG(toNumber(arg), prec, verb === 'G');
          break;
        case 'q':
          s = JSON.stringify(String(arg));
          break;
        case 'x':
          s =
            typeof arg === 'number' ? Math.trunc(arg).toString(16) : Buffer.from(String(arg)).toString('hex');
          break;
        default:
          s = typeof arg === 'number' ? formatValue(arg) : String(arg);
      }
      if (flags.includes('+') && typeof arg === 'number' && !s.startsWith('-')) s = `+${s}`;
      return pad(s, width, flags);
    },
  );
}
