import type { Labels } from '@streamwatch/metrics-core';

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;
const encoder = new TextEncoder();

/**
 * The fingerprint Alertmanager gives an alert with these labels (prometheus/common `LabelSet.Fingerprint`:
 * FNV-1a 64 over the sorted names and values, each followed by the separator byte 0xff), as 16 hex digits.
 * Publishing the same value lets consumers of topic `alerts` join it with Alertmanager's webhooks and API.
 */
export function alertmanagerFingerprint(labels: Labels): string {
  let h = FNV_OFFSET;
  const add = (bytes: Uint8Array) => {
    for (const b of bytes) h = ((h ^ BigInt(b)) * FNV_PRIME) & MASK;
  };
  for (const name of Object.keys(labels).sort()) {
    add(encoder.encode(name));
    add(Uint8Array.of(0xff));
    add(encoder.encode(labels[name] as string));
    add(Uint8Array.of(0xff));
  }
  return h.toString(16).padStart(16, '0');
}
