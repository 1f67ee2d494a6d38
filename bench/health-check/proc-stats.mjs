// CPU and memory of a process from /proc (Linux), sampled by the benchmark driver.
import { readFileSync } from 'node:fs';

const CLK_TCK = 100;

export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime + stime
}

export function rssBytes(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/** Samples a pid every second between `fromMs` and `toMs` (epoch); returns CPU share and RSS figures. */
export async function measure(pid, fromMs, toMs) {
  while (Date.now() < fromMs) await new Promise((r) => setTimeout(r, 50));
  const cpu0 = cpuSeconds(pid);
  const t0 = Date.now();
  const rss = [];
  while (Date.now() < toMs) {
    rss.push(rssBytes(pid));
    await new Promise((r) => setTimeout(r, 1000));
  }
  const cpu = (cpuSeconds(pid) - cpu0) / ((Date.now() - t0) / 1000);
  return {
    cpuCores: cpu,
    rssAvgMiB: rss.reduce((a, b) => a + b, 0) / rss.length / 2 ** 20,
    rssMaxMiB: Math.max(...rss) / 2 ** 20,
  };
}

export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
