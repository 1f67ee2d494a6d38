const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNITS = ['y', 'w', 'd', 'h', 'm', 's', 'ms'] as const;

/** Parses a Prometheus duration (`1h30m`, `5m`, `0s`) into ms; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  if (text === '') return undefined;
  if (text === '0') return 0;
  const m = DURATION_RE.exec(text);
  if (!m) return undefined;
  let total = 0;
  UNITS.forEach((u, i) => {
    const part = m[i + 1];
    if (part !== undefined) total += Number(part) * (UNIT_MS[u] ?? 0);
  });
  return total;
}

/** Formats ms as Prometheus does (`1h5m`, `30s`, `0s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const u of UNITS) {
    const size = UNIT_MS[u] ?? 1;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${u}`;
      rest -= n * size;
    }
  }
  return out;
}
