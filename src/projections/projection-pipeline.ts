import { Checkpoint, StoredEvent } from '../event-store/event.types';

/**
 * The batches in motion while the projections catch up: the next one read ahead and the last
 * one committing, each awaited before its successor starts, so the writer's connection runs
 * one transaction at a time.
 */
export class ProjectionPipeline {
  private ahead: Promise<StoredEvent[]> | null = null;
  private inFlight: Promise<void> | null = null;

  constructor(private readonly readAfter: (after: Checkpoint) => Promise<StoredEvent[]>) {}

  /** The events after `after`: the batch read ahead when there is one. */
  read(after: Checkpoint): Promise<StoredEvent[]> {
    const events = this.ahead ?? this.readAfter(after);
    this.ahead = null;
    return events;
  }

  /** Asks for the events after `after` once `ready` settles, so the database reads them while Node works out this batch. */
  readAhead(after: Checkpoint, ready: Promise<unknown>): void {
    this.ahead = ready.then(() => this.readAfter(after));
    this.ahead.catch(() => undefined); // awaited by read or drain; until then a failure must not count as unhandled
  }

  /** Starts `commit` once the commit in flight has finished. */
  async commit(commit: () => Promise<void>): Promise<void> {
    await this.settle();
    this.inFlight = commit();
    this.inFlight.catch(() => undefined); // awaited by settle or drain; until then a failure must not count as unhandled
  }

  /** Waits for the commit in flight, throwing its failure. */
  async settle(): Promise<void> {
    const inFlight = this.inFlight;
    this.inFlight = null;
    await inFlight;
  }

  /** After a failure: waits for whatever is still running, so nothing touches the connections once it is thrown. */
  async drain(): Promise<void> {
    await Promise.all([this.inFlight?.catch(() => undefined), this.ahead?.catch(() => undefined)]);
  }
}
