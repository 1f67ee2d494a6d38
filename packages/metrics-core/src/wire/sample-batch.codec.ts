import type { Labels, Sample, SampleSource } from '../sample/sample';
import { SAMPLE_SOURCES } from '../sample/sample';
import { sortedLabelNames } from '../sample/fingerprint';
import { isStalePoint, STALE_NAN } from '../sample/staleness';
import { ByteReader, ByteWriter } from './bytes';
import { WireFormatError } from './wire-error';

export const WIRE_MAGIC_0 = 0x53; // 'S'
export const WIRE_MAGIC_1 = 0x57; // 'W'
export const WIRE_VERSION = 1;

export interface SeriesPoints {
  name: string;
  labels: Labels;
  points: Array<{ timestampMs: number; value: number; stale?: boolean }>;
}

export interface SampleBatch {
  source: SampleSource;
  series: SeriesPoints[];
}

/** Groups samples into series, keeping first-seen series order and per-series sample order. */
export function groupSeries(samples: readonly Sample[], keyOf: (s: Sample) => string): SeriesPoints[] {
  const bySeries = new Map<string, SeriesPoints>();
  for (const s of samples) {
    const key = keyOf(s);
    let entry = bySeries.get(key);
    if (!entry) {
      entry = { name: s.name, labels: s.labels, points: [] };
      bySeries.set(key, entry);
    }
    entry.points.push(
      s.stale
        ? { timestampMs: s.timestampMs, value: STALE_NAN, stale: true }
        : { timestampMs: s.timestampMs, value: s.value },
    );
  }
  return [...bySeries.values()];
}

/**
 * The string table of the message being encoded. Slots outlive messages (a generation number says whether
 * a slot belongs to the current one), so steady traffic reuses them instead of filling a new Map per message.
 */
class StringTable {
  strings: string[] = [];
  private generation = 0;
  private readonly slots = new Map<string, { generation: number; id: number }>();

  constructor(private readonly maxSlots = 100_000) {}

  begin(): void {
    this.strings = [];
    this.generation++;
    if (this.slots.size > this.maxSlots) this.slots.clear();
  }

  id(s: string): number {
    const slot = this.slots.get(s);
    if (slot === undefined) {
      this.slots.set(s, { generation: this.generation, id: this.strings.length });
      this.strings.push(s);
      return this.strings.length - 1;
    }
    if (slot.generation !== this.generation) {
      slot.generation = this.generation;
      slot.id = this.strings.length;
      this.strings.push(s);
    }
    return slot.id;
  }
}

/** Starts a message in `w` (reset): magic, version, source. */
export function writeHeader(w: ByteWriter, source: SampleSource): void {
  w.reset();
  w.u8(WIRE_MAGIC_0);
  w.u8(WIRE_MAGIC_1);
  w.u8(WIRE_VERSION);
  w.u8(Math.max(0, SAMPLE_SOURCES.indexOf(source)));
}

/** Encoding is synchronous, so one writer and one table serve every message. */
const scratch = new ByteWriter(1 << 16);
const table = new StringTable();

/**
 * Wire format v1 of `series`; `sortedNames(i)` gives series i's label names in sorted order (callers that
 * already sorted them pass them in instead of sorting again).
 */
export function encodeSeriesBatch(
  source: SampleSource,
  series: readonly SeriesPoints[],
  sortedNames: (i: number) => readonly string[],
): Buffer {
  table.begin();
  const refs: number[] = [];
  for (let i = 0; i < series.length; i++) {
    const s = series[i] as SeriesPoints;
    const names = sortedNames(i);
    refs.push(table.id(s.name), names.length);
    for (const k of names) refs.push(table.id(k), table.id(s.labels[k] as string));
  }
  const w = scratch;
  writeHeader(w, source);
  w.varint(table.strings.length);
  for (const s of table.strings) w.string(s);
  w.varint(series.length);
  let r = 0;
  for (const s of series) {
    w.varint(refs[r++] as number);
    const labelCount = refs[r++] as number;
    w.varint(labelCount);
    for (let j = 0; j < 2 * labelCount; j++) w.varint(refs[r++] as number);
    w.varint(s.points.length);
    let prev = 0;
    for (const p of s.points) {
      w.zigzag(p.timestampMs - prev);
      prev = p.timestampMs;
      if (isStalePoint(p)) w.float64Bits(0x7ff00000, 0x00000002);
      else w.float64(p.value);
    }
  }
  return w.copyOut();
}

/** Encodes a batch in wire format v1 (see the package README). */
export function encodeSampleBatch(batch: SampleBatch): Buffer {
  return encodeSeriesBatch(batch.source, batch.series, (i) =>
    sortedLabelNames((batch.series[i] as SeriesPoints).labels),
  );
}

function readRef(r: ByteReader, table: string[], what: string): string {
  const i = r.varint(what);
  const s = table[i];
  if (s === undefined)
    throw new WireFormatError('corrupt', `${what} refers to string ${i} of ${table.length}`);
  return s;
}

function readCount(r: ByteReader, what: string, minBytesEach: number): number {
  const n = r.varint(what);
  if (n * minBytesEach > r.remaining)
    throw new WireFormatError('corrupt', `${what} ${n} exceeds the message size`);
  return n;
}

function readSeries(r: ByteReader, table: string[]): SeriesPoints {
  const name = readRef(r, table, 'series name');
  const labelCount = readCount(r, 'label count', 2);
  const labels: Labels = {};
  for (let j = 0; j < labelCount; j++)
    labels[readRef(r, table, 'label name')] = readRef(r, table, 'label value');
  const pointCount = readCount(r, 'sample count', 9);
  const points: SeriesPoints['points'] = new Array(pointCount);
  let t = 0;
  for (let k = 0; k < pointCount; k++) {
    t += r.zigzag('timestamp');
    const { hi, lo, value } = r.float64Bits('value');
    points[k] =
      hi === 0x7ff00000 && lo === 2
        ? { timestampMs: t, value: STALE_NAN, stale: true }
        : { timestampMs: t, value };
  }
  return { name, labels, points };
}

/** Decodes a wire-format message; throws WireFormatError on anything malformed or of an unknown version. */
export function decodeSampleBatch(buf: Buffer): SampleBatch {
  const r = new ByteReader(buf);
  if (buf.length < 4 || r.u8('magic') !== WIRE_MAGIC_0 || r.u8('magic') !== WIRE_MAGIC_1)
    throw new WireFormatError('bad_magic', 'not a Streamwatch sample batch (bad magic bytes)');
  const version = r.u8('version');
  if (version !== WIRE_VERSION)
    throw new WireFormatError('unknown_version', `unknown sample batch version ${version}`);
  const source = SAMPLE_SOURCES[r.u8('source')];
  if (source === undefined) throw new WireFormatError('corrupt', 'unknown sample source');
  const stringCount = readCount(r, 'string count', 1);
  const table = new Array<string>(stringCount);
  for (let i = 0; i < stringCount; i++) table[i] = r.string('string table');
  const seriesCount = readCount(r, 'series count', 3);
  const series = new Array<SeriesPoints>(seriesCount);
  for (let i = 0; i < seriesCount; i++) series[i] = readSeries(r, table);
  if (r.remaining !== 0)
    throw new WireFormatError('corrupt', `${r.remaining} trailing bytes after the last series`);
  return { source, series };
}

export function batchToSamples(batch: SampleBatch): Sample[] {
  const out: Sample[] = [];
  for (const s of batch.series)
    for (const p of s.points)
      out.push(
        p.stale
          ? { name: s.name, labels: s.labels, value: p.value, timestampMs: p.timestampMs, stale: true }
          : { name: s.name, labels: s.labels, value: p.value, timestampMs: p.timestampMs },
      );
  return out;
}
