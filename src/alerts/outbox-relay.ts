import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { Producer } from 'kafkajs';
import { AlertTransition } from '../compliance/alerts';
import { CONFIG, Config } from '../config/config';
import { STORAGE_PROFILE, StorageProfile } from '../database/storage-profile';
import { EventStore } from '../event-store/event-store';
import { StoredEvent } from '../event-store/event.types';
import { FEED_PRODUCER } from '../kafka/kafka.module';
import { HealthRegistry } from '../observability/health';
import { LOGGER } from '../observability/logger';
import { Metrics } from '../observability/metrics';
import { advance, loadCheckpoint, saveCheckpoint } from '../projections/checkpoints';
import { ProjectionsAdvanced } from '../projections/projections-advanced.event';
import { SingleWriter } from '../projections/single-writer';
import { unflushedCommit } from '../projections/unflushed-commit';

const RELAY = 'relay';

/**
 * Publishes the outbox (alert transitions and verdict changes in the event store) to Kafka,
 * the alert metrics and the log, then moves its checkpoint. A crash between the two republishes
 * the same `(id, transition)`: at-least-once delivery, exactly once in effect for a
 * consumer that drops repeats. It runs on one instance only, so SSE clients are fed by each
 * instance's AlertFeed instead.
 */
@Injectable()
@EventsHandler(ProjectionsAdvanced)
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown, IEventHandler<ProjectionsAdvanced> {
  private readonly writer: SingleWriter;

  constructor(
    dataSource: DataSource,
    private readonly store: EventStore,
    private readonly metrics: Metrics,
    private readonly health: HealthRegistry,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(FEED_PRODUCER) private readonly producer: Producer | null,
    @Inject(STORAGE_PROFILE) profile: StorageProfile,
  ) {
    this.writer = new SingleWriter(
      RELAY,
      dataSource,
      logger,
      async (runner) => {
        const checkpoint = await loadCheckpoint(runner.manager, RELAY);
        const events = await this.store.readOutboxAfter(checkpoint, 500, runner.manager);
        if (events.length === 0) return false;
        await this.publish(events);
        await unflushedCommit(runner, () => saveCheckpoint(runner.manager, RELAY, advance(checkpoint, events)));
        return true;
      },
      { exclusive: profile.exclusiveWriters },
    );
  }

  onApplicationBootstrap(): void {
    this.health.register('relay', () => this.writer.health());
    this.writer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.writer.stop();
  }

  /** The projector committed: there may be transitions to publish now rather than at the next poll. */
  handle(): void {
    this.writer.wake();
  }

  private async publish(events: StoredEvent[]): Promise<void> {
    const alerts = events.filter((e) => e.type === 'alert.transitioned').map((e) => e.data as AlertTransition);
    const verdicts = events.filter((e) => e.type === 'verdict.changed');
    if (this.producer) {
      await this.producer.sendBatch({
        acks: -1,
        topicMessages: [
          {
            topic: this.config.KAFKA_TOPIC_ALERTS,
            messages: alerts.map((a) => ({
              key: a.key,
              value: JSON.stringify(a),
              headers: { 'x-alert-id': a.id, 'x-transition': String(a.transition) },
            })),
          },
          {
            topic: this.config.KAFKA_TOPIC_VERDICTS,
            // a removed key is a tombstone, so the compacted topic forgets it
            messages: verdicts.map((e) => ({
              key: e.key,
              value: (e.data as { removed?: boolean }).removed ? null : JSON.stringify(e.data),
            })),
          },
        ].filter((t) => t.messages.length > 0),
      });
    }
    for (const alert of alerts) {
      this.metrics.alerts.inc({ severity: alert.severity, state: alert.state });
      this.logger.info(
        {
          alert: {
            id: alert.id,
            transition: alert.transition,
            key: alert.key,
            state: alert.state,
            severity: alert.severity,
            verdict: alert.verdict,
          },
        },
        'alert transition',
      );
    }
  }
}
