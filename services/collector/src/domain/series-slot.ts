import type { BatchSkeleton, ColumnSeries, SkeletonHolder, WireString } from '@streamwatch/metrics-core';

/**
 * A series' place in a grouped Kafka send, shared by every KnownSeries object of that series (see `slotFor`),
 * so grouping finds it without a lookup and without allocating. While a send is grouped, `head`, `tail` and
 * `count` chain the series' points; they belong to the grouping whose number is `stamp`.
 */
export class SeriesSlot implements ColumnSeries, SkeletonHolder {
  stamp = 0;
  head = -1;
  tail = -1;
  count = 0;
  /** The skeleton of the last Kafka message that began with this series. */
  skeleton: BatchSkeleton | undefined = undefined;

  constructor(
    /** The Kafka partition key. */
    readonly shard: string,
    /** The name and labels as the wire encoder references them. */
    readonly strings: readonly WireString[],
    /** Rough encoded size of the name and labels, for bounding Kafka sends. */
    readonly labelBytes: number,
  ) {}
}

// Weakly held: a slot lives as long as some object of its series does, so two live objects of one series
// always share it, and a series nobody holds any more costs nothing here.
const slots = new Map<string, WeakRef<SeriesSlot>>();
const forgotten = new FinalizationRegistry<string>((key) => {
  if (slots.get(key)?.deref() === undefined) slots.delete(key);
});

/** The slot of series `key`, shared with every live object of that series; `make()` builds it on first sight. */
export function slotFor(key: string, make: () => SeriesSlot): SeriesSlot {
  const live = slots.get(key)?.deref();
  if (live !== undefined) return live;
  const slot = make();
  slots.set(key, new WeakRef(slot));
  forgotten.register(slot, key);
  return slot;
}
