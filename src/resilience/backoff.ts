/**
 * Delays that double from `first` up to `max`: how long to wait before retrying what a
 * database or broker refused, so a long outage is probed rarely and a short one quickly.
 */
export class Backoff {
  private delay: number;

  constructor(
    private readonly first: number,
    private readonly max: number,
  ) {
    this.delay = first;
  }

  /** The delay to wait now; the one after it is twice as long, up to `max`. */
  next(): number {
    const delay = this.delay;
    this.delay = Math.min(delay * 2, this.max);
    return delay;
  }

  /** What `next` will return, for saying when the next attempt comes. */
  peek(): number {
    return this.delay;
  }

  /** After a success: the next failure waits `first` again. */
  reset(): void {
    this.delay = this.first;
  }
}
