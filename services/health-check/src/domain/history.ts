/** Fixed-size ring of the most recent items, oldest first when read. */
export class History<T> {
  private readonly items: T[] = [];

  constructor(private readonly capacity: number) {}

  push(item: T): void {
    this.items.push(item);
    if (this.items.length > this.capacity) this.items.shift();
  }

  list(): T[] {
    return [...this.items];
  }

  last(): T | undefined {
    return this.items[this.items.length - 1];
  }
}
