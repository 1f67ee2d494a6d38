/** Runs async jobs one at a time in submission order, so batches, ticks and reloads never interleave. */
export class SerialRunner {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T> | T): Promise<T> {
    const next = this.tail.then(job, job);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
