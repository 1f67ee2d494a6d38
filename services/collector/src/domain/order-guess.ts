/** An entry that remembers the entry resolved right after it, last time. */
export interface Followed<E> {
  after: E | undefined;
}

/**
 * Senders repeat their series in the same order, request after request, so the entry that followed the
 * last one resolved is the likely next: comparing it first spares hashing and a lookup. Links are only
 * ever set to entries the caller resolved just now, so a guess is never older than the entry before it.
 */
export class OrderGuess<E extends Followed<E>> {
  private last: E | undefined;

  /** The entry that followed the last one resolved, last time. */
  next(): E | undefined {
    return this.last?.after;
  }

  /** Records `entry` as resolved now, after the last one; returns it. */
  resolved(entry: E): E {
    if (this.last !== undefined) this.last.after = entry;
    this.last = entry;
    return entry;
  }
}
