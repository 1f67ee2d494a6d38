import type { Labels } from '@streamwatch/metrics-core';

function mixString(h: number, s: string): number {
  h = Math.imul(h ^ s.length, 0x9e3779b1);
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  }
  return h ^ (h >>> 15);
}

/**
 * A 30-bit hash (a small integer, see `hashBytes`) of a series given as a name and labels, the labels in their
 * order (as pushed); undefined when the name or a label value is not a string (such a series is checked, not
 * remembered). A secret `seed` keeps senders from choosing series that all collide.
 */
export function hashFields(name: unknown, labels: Labels, seed: number): number | undefined {
  if (typeof name !== 'string') return undefined;
  let h = mixString(seed, name);
  for (const k in labels) {
    const v: unknown = labels[k];
    if (typeof v !== 'string') return undefined;
    h = mixString(mixString(h, k), v);
  }
  return h & 0x3fffffff;
}

/** The fields `sameFields` compares: the name, then each label's name and value, in order. */
export function fieldsOf(name: string, labels: Labels): string[] {
  const out = [name];
  for (const k in labels) out.push(k, labels[k] as string);
  return out;
}

/** True when `name` and `labels` (in their order) are exactly `fields`. */
export function sameFields(name: string, labels: Labels, fields: readonly string[]): boolean {
  if (fields[0] !== name) return false;
  let i = 1;
  for (const k in labels) {
    if (fields[i] !== k || fields[i + 1] !== labels[k]) return false;
    i += 2;
  }
  return i === fields.length;
}
