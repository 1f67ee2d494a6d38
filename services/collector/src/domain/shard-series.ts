import {
  BYTES_PER_POINT,
  chunkEndsBy,
  encodeColumnBatch,
  type ColumnSeries,
  type PointColumns,
  type SampleSource,
  type WireString,
} from '@streamwatch/metrics-core';
import type { AcceptedPoints } from './accepted-points';
import type { KnownSeries } from './known-series';

/** One series of a grouped send: its wire strings and its points, chained in arrival order. */
export class SeriesSlot implements ColumnSeries {
  readonly strings: readonly WireString[];
  head = -1;
  tail = -1;
  count = 0;

  constructor(readonly known: KnownSeries) {
    this.strings = known.wire;
  }
}

/** The series of one Kafka partition key, in first-seen order. */
export interface ShardGroup {
  key: string;
  slots: SeriesSlot[];
}

/** The points of several requests grouped by shard key, then series (`PointColumns` chains each series' points). */
export interface GroupedPoints {
  shards: ShardGroup[];
  points: PointColumns;
}

let lastStamp = 0;

/**
 * Groups the parts' points by shard key, then by series key, in first-seen order; a series sent by several
 * parts becomes one series whose points keep the parts' order. The grouping of metrics-core's
 * `buildSampleMessages`, without a lookup per point: a series object met again in the same grouping finds
 * its slot through its own scratch fields.
 */
export function groupByShard(parts: readonly AcceptedPoints[]): GroupedPoints {
  let total = 0;
  for (const part of parts) total += part.length;
  const timestamps = new Float64Array(total);
  const values = new Float64Array(total);
  const stale = new Uint8Array(total);
  const next = new Int32Array(total);
  const stamp = ++lastStamp;
  const slotsByKey = new Map<string, SeriesSlot>();
  const shardsByKey = new Map<string, ShardGroup>();
  let g = 0;
  for (const part of parts) {
    const { series } = part;
    for (let i = 0; i < series.length; i++, g++) {
      timestamps[g] = part.timestamps[i] as number;
      values[g] = part.values[i] as number;
      stale[g] = part.stale[i] as number;
      next[g] = -1;
      const known = series[i] as KnownSeries;
      let slot = known.groupStamp === stamp ? (known.groupSlot as SeriesSlot) : undefined;
      if (slot === undefined) {
        // another object of the same series (e.g. remembered twice) must share its slot
        slot = slotsByKey.get(known.key);
        if (slot === undefined) {
          slot = new SeriesSlot(known);
          slotsByKey.set(known.key, slot);
          let shard = shardsByKey.get(known.shard);
          if (shard === undefined) {
            shard = { key: known.shard, slots: [] };
            shardsByKey.set(known.shard, shard);
          }
          shard.slots.push(slot);
        }
        known.groupStamp = stamp;
        known.groupSlot = slot;
      }
      if (slot.tail < 0) slot.head = g;
      else next[slot.tail] = g;
      slot.tail = g;
      slot.count++;
    }
  }
  return { shards: [...shardsByKey.values()], points: { timestamps, values, stale, next } };
}

/** End offsets of consecutive runs of `slots` of at most about `maxBytes` each, never splitting a series. */
function chunkEnds(slots: readonly SeriesSlot[], maxBytes: number): number[] {
  return chunkEndsBy(
    slots.length,
    (i) => {
      const slot = slots[i] as SeriesSlot;
      return slot.known.labelBytes + slot.count * BYTES_PER_POINT;
    },
    maxBytes,
  );
}

/**
 * The Kafka messages carrying `parts` (see `groupByShard`): per shard key in first-seen order, one message
 * per run of its series of at most about `maxBytes`.
 */
export function shardMessages(
  parts: readonly AcceptedPoints[],
  source: SampleSource,
  maxBytes: number,
): Array<{ key: string; value: Buffer }> {
  const { shards, points } = groupByShard(parts);
  const messages: Array<{ key: string; value: Buffer }> = [];
  for (const { key, slots } of shards) {
    let start = 0;
    for (const end of chunkEnds(slots, maxBytes)) {
      messages.push({ key, value: encodeColumnBatch(source, slots, start, end, points) });
      start = end;
    }
  }
  return messages;
}
