/** Counts samples handed to Kafka but not yet acknowledged; refuses work beyond its capacity. */
export class InFlightBuffer {
  private used = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.used;
  }

  tryAcquire(samples: number): boolean {
    if (samples > this.capacity || this.used + samples > this.capacity) return false;
    this.used += samples;
    return true;
  }

  release(samples: number): void {
    this.used = Math.max(0, this.used - samples);
  }
}
