import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { Logger } from 'pino';
import { Observable, Subject } from 'rxjs';
import { DataSource } from 'typeorm';
import { EventStore } from '../event-store/event-store';
import { Checkpoint, START, StoredEvent } from '../event-store/event.types';
import { LOGGER } from '../observability/logger';
import { ProjectionsAdvanced } from '../projections/projections-advanced.event';
import { SingleWriter } from '../projections/single-writer';
import { resumed, TransitionRef } from './alert-stream';

/** Transitions read at a time, live or replayed: a backlog is paged, never read whole. */
export const ALERT_PAGE = 500;

/**
 * The alert transitions this instance's SSE clients hear. The relay publishes on one instance
 * only (it holds a lock), so every instance tails the outbox itself, from where the stored
 * transitions ended when it started: woken when its own projector commits, and otherwise
 * polling (SingleWriter's 250 ms idle wait), which bounds the delay on an instance whose
 * projector stands by.
 */
@Injectable()
@EventsHandler(ProjectionsAdvanced)
export class AlertFeed implements OnApplicationBootstrap, OnModuleDestroy, IEventHandler<ProjectionsAdvanced> {
  private readonly subject = new Subject<StoredEvent>();
  private checkpoint: Checkpoint = START;
  private readonly tail: SingleWriter;

  constructor(
    dataSource: DataSource,
    private readonly store: EventStore,
    @Inject(LOGGER) logger: Logger,
  ) {
    // SingleWriter's loop (wake, poll, back off) without its lock: each instance reads for its own clients
    this.tail = new SingleWriter(
      'alert-feed',
      dataSource,
      logger,
      async (runner) => {
        const events = await store.readAlertTransitionsAfter(this.checkpoint, ALERT_PAGE, runner.manager);
        if (events.length === 0) return false;
        const last = events[events.length - 1];
        this.checkpoint = { txId: last.txId, position: last.position };
        events.forEach((event) => this.subject.next(event));
        return true;
      },
      { exclusive: false },
    );
  }

  /** Before the server listens, so a client that connects at once misses nothing committed after. */
  async onApplicationBootstrap(): Promise<void> {
    this.checkpoint = await this.store.alertTransitionsEnd();
    this.tail.start();
  }

  /** Ends every open SSE stream, or the HTTP server would wait on them forever at shutdown. */
  async onModuleDestroy(): Promise<void> {
    this.subject.complete();
    await this.tail.stop();
  }

  /** The projector committed: there may be transitions to read now rather than at the next poll. */
  handle(): void {
    this.tail.wake();
  }

  /** Live transitions; after `last`, the stored ones the client missed first. */
  transitions(last: TransitionRef | null): Observable<StoredEvent> {
    const live = this.subject.asObservable();
    if (!last) return live;
    return resumed(
      live,
      {
        start: () => this.store.checkpointOf('~alert', last.alertId, last.transition),
        page: (after, limit) => this.store.readAlertTransitionsAfter(after, limit),
      },
      ALERT_PAGE,
    );
  }
}
