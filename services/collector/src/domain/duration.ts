const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};
const DURATION_RE = /^((\d+)y)?((\d+)w)?((\d+)d)?((\d+)h)?((\d+)m)?((\d+)s)?((\d+)ms)?$/;

/** Prometheus duration (`15s`, `1m30s`, `500ms`) in milliseconds, or undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  if (text === '' || text === '0') return text === '0' ? 0 : undefined;
  const m = DURATION_RE.exec(text);
  if (!m) return undefined;
  const parts: Array<[string | undefined, string]> = [
    [m[2], 'y'],
    [m[4], 'w'],
    [m[6], 'd'],
    [m[8], 'h'],
    [m[10], 'm'],
    [m[12], 's'],
    [m[14], 'ms'],
  ];
  return parts.reduce((sum, [n, unit]) => sum + (n ? Number(n) * (UNIT_MS[unit] as number) : 0), 0);
}
