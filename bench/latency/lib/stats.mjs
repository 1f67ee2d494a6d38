/** Nearest-rank percentile of a list of numbers (p in 0..100). */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summary(values) {
  return {
    n: values.length,
    min: Math.min(...values),
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: Math.max(...values),
    mean: values.reduce((a, b) => a + b, 0) / (values.length || 1),
  };
}

export function fmtMs(ms) {
  if (!Number.isFinite(ms)) return '-';
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** Random instants in [0, spanMs), sorted: independent arrivals. */
export function randomOffsets(n, spanMs) {
  return Array.from({ length: n }, () => Math.random() * spanMs).sort((a, b) => a - b);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
