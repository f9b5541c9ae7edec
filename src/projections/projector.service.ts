import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EventBus, EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { CLOCK, Clock } from '../config/clock';
import { STORAGE_PROFILE, StorageProfile } from '../database/storage-profile';
import { EventStore } from '../event-store/event-store';
import { HealthRegistry } from '../observability/health';
import { LOGGER } from '../observability/logger';
import { ObservationsAppended } from '../observations/observations-appended.event';
import { PROJECTOR_BATCH, ProjectionEngine } from './projection-engine';
import { ProjectionsAdvanced } from './projections-advanced.event';
import { withReader } from './read-ahead';
import { SingleWriter } from './single-writer';

/**
 * Batches per unit of work: with a reader connection the next batch is worked out while the
 * last one commits, and the writer can still be stopped within a few batches.
 */
const LIVE_BATCHES = 8;

/** Keeps the projections caught up with the event store while this instance holds the lock. */
@Injectable()
@EventsHandler(ObservationsAppended)
export class ProjectorService implements OnApplicationBootstrap, BeforeApplicationShutdown, IEventHandler<ObservationsAppended> {
  readonly engine: ProjectionEngine;
  private readonly writer: SingleWriter;

  constructor(
    dataSource: DataSource,
    store: EventStore,
    @Inject(CLOCK) clock: Clock,
    @Inject(LOGGER) logger: Logger,
    @Inject(STORAGE_PROFILE) profile: StorageProfile,
    private readonly health: HealthRegistry,
    events: EventBus,
  ) {
    this.engine = new ProjectionEngine(store, clock, logger, profile.bulkLoad);
    this.writer = new SingleWriter(
      'projector',
      dataSource,
      logger,
      async (runner, fresh) => {
        if (fresh) await this.engine.load(runner.manager);
        const projected = await withReader(dataSource, profile, (reader) =>
          this.engine.catchUp(runner, reader, PROJECTOR_BATCH, {
            batches: LIVE_BATCHES,
            onCommitted: (committed) => events.publish(new ProjectionsAdvanced(committed)),
          }),
        );
        return projected > 0;
      },
      { exclusive: profile.exclusiveWriters },
    );
  }

  onApplicationBootstrap(): void {
    this.health.register('projector', () => this.writer.health());
    this.writer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.writer.stop();
  }

  handle(): void {
    this.writer.wake();
  }

  /** Wakes the projector now (e.g. after an accord was defined). */
  wake(): void {
    this.writer.wake();
  }
}
