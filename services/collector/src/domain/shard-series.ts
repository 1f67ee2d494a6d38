import {
  BYTES_PER_POINT,
  chunkEndsBy,
  encodeColumnBatch,
  type PointColumns,
  type SampleSource,
} from '@streamwatch/metrics-core';
import type { AcceptedPoints } from './accepted-points';
import type { KnownSeries } from './known-series';
import type { SeriesSlot } from './series-slot';

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
 * Groups the parts' points by shard key, then by series, in first-seen order; a series sent by several parts
 * becomes one series whose points keep the parts' order. The grouping of metrics-core's
 * `buildSampleMessages`, without a lookup per point: every object of a series shares its `SeriesSlot`. The
 * slots' chains are valid until the next grouping, so encode before grouping again (as `shardMessages` does).
 */
export function groupByShard(parts: readonly AcceptedPoints[]): GroupedPoints {
  let total = 0;
  for (const part of parts) total += part.length;
  const timestamps = new Float64Array(total);
  const values = new Float64Array(total);
  const stale = new Uint8Array(total);
  const next = new Int32Array(total);
  const stamp = ++lastStamp;
  const shards: ShardGroup[] = [];
  let g = 0;
  for (const part of parts) {
    const { series } = part;
    for (let i = 0; i < series.length; i++, g++) {
      timestamps[g] = part.timestamps[i] as number;
      values[g] = part.values[i] as number;
      stale[g] = part.stale[i] as number;
      next[g] = -1;
      // only valid series are accepted, and every valid series has a slot
      const slot = (series[i] as KnownSeries).slot as SeriesSlot;
      if (slot.stamp !== stamp) {
        slot.stamp = stamp;
        slot.head = g;
        slot.count = 0;
        const shard = slot.shard;
        if (shard.stamp !== stamp) {
          shard.stamp = stamp;
          shard.index = shards.length;
          shards.push({ key: shard.key, slots: [] });
        }
        (shards[shard.index] as ShardGroup).slots.push(slot);
      } else next[slot.tail] = g;
      slot.tail = g;
      slot.count++;
    }
  }
  return { shards, points: { timestamps, values, stale, next } };
}

/** End offsets of consecutive runs of `slots` of at most about `maxBytes` each, never splitting a series. */
function chunkEnds(slots: readonly SeriesSlot[], maxBytes: number): number[] {
  return chunkEndsBy(
    slots.length,
    (i) => {
      const slot = slots[i] as SeriesSlot;
      return slot.labelBytes + slot.count * BYTES_PER_POINT;
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
      messages.push({ key, value: encodeColumnBatch(source, slots, start, end, points, slots[start]) });
      start = end;
    }
  }
  return messages;
}
