const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|([+-])(\d{2}):(\d{2}))$/;

type Six = [number, number, number, number, number, number];
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS[month - 1] as number);
}

/**
 * Parses an RFC 3339 timestamp as Go's time package writes it (Alertmanager's format): a 4-digit year,
 * a real calendar date, hours 00–23, no leap second, an offset within ±15:59 (PostgreSQL's limit; real
 * zones span −12:00 to +14:00). Returns epoch
 * milliseconds, or undefined for anything else. Date.parse is lenient (it reads 2020-02-30 as
 * 1 March and 24:00 as the next day) where PostgreSQL is not, so it cannot guard a timestamptz.
 */
export function parseRfc3339(s: string): number | undefined {
  const m = RFC3339.exec(s);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as Six;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMin = 0;
  if (m[9]) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 15 || om > 59) return undefined;
    offsetMin = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  const fraction = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  return d.getTime() + fraction - offsetMin * 60_000;
}
