export interface Positions {
  store: number;
  projection: number;
}

/** Without progress to go by, clients are told to come back soon: a refusal costs the monitor nothing. */
const UNKNOWN_PACE_S = 5;
const MAX_RETRY_AFTER_S = 60;

/**
 * Whether intake is held because the projector has fallen more than `limit` events behind the
 * store. It lets go only below half the limit, so intake does not flap at the line while the
 * projector works the backlog down.
 */
export class LagHold {
  readonly resumeBelow: number;
  holding = false;
  lag: number | null = null;
  private since: { projection: number; atMs: number } | null = null;
  private last: { projection: number; atMs: number } | null = null;

  constructor(readonly limit: number) {
    this.resumeBelow = Math.floor(limit / 2);
  }

  /** Takes a reading; true when it starts or ends a hold. */
  observe({ store, projection }: Positions, atMs: number): boolean {
    this.lag = Math.max(store - projection, 0);
    this.last = { projection, atMs };
    const holding = this.holding ? this.lag >= this.resumeBelow : this.lag > this.limit;
    if (holding === this.holding) return false;
    this.holding = holding;
    this.since = holding ? this.last : null;
    return true;
  }

  /** Seconds until the projector, at its pace since the hold began, is below the resume mark. */
  retryAfterSeconds(): number {
    const pace =
      this.since && this.last && this.last.atMs > this.since.atMs
        ? ((this.last.projection - this.since.projection) * 1000) / (this.last.atMs - this.since.atMs)
        : 0;
    if (pace <= 0) return UNKNOWN_PACE_S;
    return Math.min(Math.max(Math.ceil(((this.lag ?? 0) - this.resumeBelow) / pace), 1), MAX_RETRY_AFTER_S);
  }

  describe(): string {
    if (this.lag === null) return 'projection lag not read yet';
    const behind = `the projector is ${this.lag} events behind the store (MAX_PROJECTION_LAG ${this.limit})`;
    return this.holding ? `${behind}; intake resumes below ${this.resumeBelow}` : behind;
  }
}
