import type { BatchSkeleton, ColumnSeries, SkeletonHolder, WireString } from '@streamwatch/metrics-core';

/**
 * A Kafka partition key, one object per key while any slot holds it (see `shardFor`), so grouping a send
 * finds the key's group without a lookup: `index` is its place among the groups of the grouping `stamp`.
 */
export class ShardKey {
  stamp = 0;
  index = 0;

  constructor(readonly key: string) {}
}

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
    readonly shard: ShardKey,
    /** The name and labels as the wire encoder references them. */
    readonly strings: readonly WireString[],
    /** Rough encoded size of the name and labels, for bounding Kafka sends. */
    readonly labelBytes: number,
  ) {}
}

/**
 * One live object per key: what some holder still keeps for the key, or what `make()` builds. Held weakly,
 * so an object nobody holds any more costs nothing here.
 */
class WeakInterner<T extends object> {
  private readonly live = new Map<string, WeakRef<T>>();
  private readonly forgotten = new FinalizationRegistry<string>((key) => {
    if (this.live.get(key)?.deref() === undefined) this.live.delete(key);
  });

  get(key: string, make: () => T): T {
    const held = this.live.get(key)?.deref();
    if (held !== undefined) return held;
    const made = make();
    this.live.set(key, new WeakRef(made));
    this.forgotten.register(made, key);
    return made;
  }
}

// two live objects of one series always share their slot, and two slots of one key their ShardKey
const slots = new WeakInterner<SeriesSlot>();
const shards = new WeakInterner<ShardKey>();

/** The slot of series `key`, shared with every live object of that series; `make()` builds it on first sight. */
export function slotFor(key: string, make: () => SeriesSlot): SeriesSlot {
  return slots.get(key, make);
}

/** The ShardKey of partition key `key`, shared by every live slot with that key. */
export function shardFor(key: string): ShardKey {
  return shards.get(key, () => new ShardKey(key));
}
