import type { Labels } from '../sample/sample';
import { ByteWriter } from './bytes';

/**
 * A string of the wire format's string table, encoded once (length varint + UTF-8) and shared by every series
 * that uses it, so encoding a message only stamps it with the message's id instead of looking it up.
 */
export class WireString {
  /** Encoding scratch: the message this string last got an id in, and that id. */
  stamp = 0;
  id = 0;

  constructor(
    readonly value: string,
    readonly encoded: Uint8Array,
  ) {}
}

/**
 * Hands out one WireString per distinct string. Bounded: two generations of at most `generationSize`; a
 * string unused for two generations gets a new WireString, and the old one stays valid for whoever holds it
 * (a message that meets both writes the string twice, which decodes the same).
 */
export class WireStringPool {
  private current = new Map<string, WireString>();
  private previous = new Map<string, WireString>();
  private readonly writer = new ByteWriter(256);

  constructor(private readonly generationSize = 100_000) {}

  get(value: string): WireString {
    const hit = this.current.get(value);
    if (hit !== undefined) return hit;
    let ws = this.previous.get(value);
    if (ws === undefined) {
      this.writer.reset();
      this.writer.string(value);
      ws = new WireString(value, this.writer.copyOut());
    }
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(value, ws);
    return ws;
  }
}

const shared = new WireStringPool();

/**
 * A series' strings in the order the wire format references them: the name, then each label's name and value
 * by label name in code-unit order (`sortedNames`, as `sortedLabelNames` returns them).
 */
export function wireSeriesStrings(
  name: string,
  labels: Labels,
  sortedNames: readonly string[],
  pool: WireStringPool = shared,
): WireString[] {
  const out = new Array<WireString>(1 + 2 * sortedNames.length);
  out[0] = pool.get(name);
  for (let i = 0; i < sortedNames.length; i++) {
    const k = sortedNames[i] as string;
    out[1 + 2 * i] = pool.get(k);
    out[2 + 2 * i] = pool.get(labels[k] as string);
  }
  return out;
}
