/**
 * Points held back for the series of one remembered message layout: one row per message, one point per
 * series (column) in each row. Appending row after row touches only this block; `apply` then hands the points
 * over series by series, so each series' window is reached once for all its rows rather than once a message.
 */
export class DeferredRows {
  private readonly ts: Float64Array;
  private readonly vs: Float64Array;
  private readonly stale: Uint8Array;
  private count = 0;

  constructor(
    readonly columns: number,
    readonly capacity: number,
  ) {
    this.ts = new Float64Array(columns * capacity);
    this.vs = new Float64Array(columns * capacity);
    this.stale = new Uint8Array(columns * capacity);
  }

  static bytesFor(columns: number, capacity: number): number {
    return 17 * columns * capacity;
  }

  get byteLength(): number {
    return DeferredRows.bytesFor(this.columns, this.capacity);
  }

  get rows(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count === this.capacity;
  }

  /** Adds one row: column i's point is `ts[i]`, `vs[i]`, `stale[i]` (1: a staleness marker). */
  push(ts: Float64Array, vs: Float64Array, stale: Uint8Array): void {
    const n = this.columns;
    const at = this.count++ * n;
    for (let i = 0; i < n; i++) {
      this.ts[at + i] = ts[i] as number;
      this.vs[at + i] = vs[i] as number;
      this.stale[at + i] = stale[i] as number;
    }
  }

  /** Hands every held point over, column by column and row by row within a column, then empties. */
  apply(append: (column: number, t: number, v: number, stale: boolean) => void): void {
    const n = this.columns;
    const rows = this.count;
    this.count = 0;
    for (let c = 0; c < n; c++)
      for (let r = 0; r < rows; r++) {
        const at = r * n + c;
        append(c, this.ts[at] as number, this.vs[at] as number, this.stale[at] === 1);
      }
  }
}
