export interface GroupCommitOptions {
  /** Most submissions one commit takes. */
  maxGroup: number;
  /** Commits running at once; submissions arriving meanwhile wait and form the next group. */
  maxInFlight: number;
}

interface Waiter<T, R> {
  item: T;
  resolve: (r: R) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: concurrent submissions share one commit (one transaction, few round trips) instead of
 * one each. No timer: while commits are in flight, new submissions queue and go together in the next
 * one, so an idle system commits a lone submission at once. Each submission settles only after the
 * commit that holds it, with its own result. When a group fails, each member is retried alone, so one
 * bad submission cannot fail the others.
 */
export class GroupCommit<T, R> {
  private readonly queue: Array<Waiter<T, R>> = [];
  private inFlight = 0;

  constructor(
    private readonly commit: (items: T[]) => Promise<R[]>,
    private readonly opts: GroupCommitOptions,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.opts.maxInFlight && this.queue.length > 0) {
      const group = this.queue.splice(0, this.opts.maxGroup);
      this.inFlight++;
      void this.run(group).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async run(group: Array<Waiter<T, R>>): Promise<void> {
    try {
      const results = await this.commit(group.map((w) => w.item));
      group.forEach((w, i) => w.resolve(results[i] as R));
    } catch (err) {
      if (group.length === 1) return (group[0] as Waiter<T, R>).reject(err);
      await Promise.all(
        group.map(async (w) => {
          try {
            w.resolve((await this.commit([w.item]))[0] as R);
          } catch (own) {
            w.reject(own);
          }
        }),
      );
    }
  }
}
