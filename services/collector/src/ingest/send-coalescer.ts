export interface SendCoalescerOptions {
  /** Sends in flight at once. While all are busy, newly submitted parts wait and go together in the next. */
  maxInFlight: number;
  /** Upper bound of one send, in the unit of `weightOf`; a part heavier than this is sent alone. */
  maxWeight: number;
  /** Called with the number of parts of each send as it starts. */
  onSend?: (parts: number) => void;
}

interface Pending<P> {
  part: P;
  weight: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Carries the parts of concurrent requests in shared sends, as a Kafka producer batches records: a part
 * submitted while fewer than `maxInFlight` sends are running goes at once (no added latency when idle);
 * otherwise it waits, and when a send finishes, everything waiting (up to `maxWeight`, in submission
 * order) goes in the next one. A part's promise settles exactly as the one send carrying it does.
 */
export class SendCoalescer<P> {
  private readonly queue: Array<Pending<P>> = [];
  private inFlight = 0;

  constructor(
    private readonly send: (parts: P[]) => Promise<void>,
    private readonly weightOf: (part: P) => number,
    private readonly opts: SendCoalescerOptions,
  ) {}

  /** Resolves once the send carrying `part` succeeded; rejects with that send's error otherwise. */
  submit(part: P): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ part, weight: this.weightOf(part), resolve, reject });
      this.pump();
    });
  }

  /** Parts waiting for a send slot. */
  get waiting(): number {
    return this.queue.length;
  }

  private pump(): void {
    while (this.inFlight < this.opts.maxInFlight && this.queue.length > 0) this.start(this.take());
  }

  private take(): Array<Pending<P>> {
    let count = 1;
    let weight = (this.queue[0] as Pending<P>).weight;
    while (count < this.queue.length) {
      const next = (this.queue[count] as Pending<P>).weight;
      if (weight + next > this.opts.maxWeight) break;
      weight += next;
      count++;
    }
    return this.queue.splice(0, count);
  }

  private start(batch: Array<Pending<P>>): void {
    this.inFlight++;
    this.opts.onSend?.(batch.length);
    let sending: Promise<void>;
    try {
      sending = this.send(batch.map((p) => p.part));
    } catch (err) {
      sending = Promise.reject(err);
    }
    sending.then(
      () => this.finish(batch, undefined, true),
      (err: unknown) => this.finish(batch, err, false),
    );
  }

  private finish(batch: Array<Pending<P>>, err: unknown, ok: boolean): void {
    this.inFlight--;
    for (const p of batch) {
      if (ok) p.resolve();
      else p.reject(err);
    }
    this.pump();
  }
}
