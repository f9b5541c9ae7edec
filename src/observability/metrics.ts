import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type ObservationOutcome = 'accepted' | 'duplicate' | 'rejected';

/** The Prometheus registry and every metric CONTRACT section 4 names; one instance per app. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly observations = new Counter({
    name: 'ceasefire_observations_total',
    help: 'Observations durably appended (accepted, duplicate) or dead-lettered (rejected)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  /** Positions are global facts of the database, read at scrape time (see StorePositions). */
  positions: () => Promise<{ store: number; projection: number } | null> = async () => null;

  readonly eventStorePosition = new Gauge({
    name: 'ceasefire_event_store_position',
    help: 'Last appended global position of the event store',
    registers: [this.registry],
    collect: async () => this.collectPositions(),
  });
  readonly projectionPosition = new Gauge({
    name: 'ceasefire_projection_position',
    help: 'Highest global position the projections have committed',
    registers: [this.registry],
    collect: async () => this.collectPositions(),
  });
  /** Facts read from the database at scrape time, each set by the module that owns it; unset, the gauge stays 0. */
  readonly readers: { blockedSeconds?: () => Promise<number>; bucketLogRows?: () => Promise<number> } = {};
  readonly projectionBlocked = this.scraped(
    'ceasefire_projection_blocked_seconds',
    'How long the oldest transaction holding back the event readers (see /health readHorizon) has been open',
    'blockedSeconds',
  );
  readonly bucketLogRows = this.scraped(
    'ceasefire_bucket_log_rows',
    'Rows of the bucket log not yet folded into bucket_totals',
    'bucketLogRows',
  );
  /** Set by the projector: every shard's holder and lag, and which of them this instance holds. */
  shards: () => Promise<{ shard: string; holder: string | null; lag: number; heldHere: boolean }[]> = async () => [];
  readonly shardLag = new Gauge({
    name: 'ceasefire_projector_shard_lag',
    help: 'Events stored past what each projector shard has projected, labelled with the instance holding it',
    labelNames: ['shard', 'holder'] as const,
    registers: [this.registry],
    collect: async () => {
      const shards = await this.shards().catch(() => []);
      this.shardLag.reset();
      for (const s of shards) this.shardLag.set({ shard: s.shard, holder: s.holder ?? '' }, s.lag);
    },
  });
  readonly shardHeld = new Gauge({
    name: 'ceasefire_projector_shard_held',
    help: 'Whether this instance holds each projector shard (1) or not (0)',
    labelNames: ['shard'] as const,
    registers: [this.registry],
    collect: async () => {
      for (const s of await this.shards().catch(() => [])) this.shardHeld.set({ shard: s.shard }, s.heldHere ? 1 : 0);
    },
  });
  readonly alerts = new Counter({
    name: 'ceasefire_alerts_total',
    help: 'Alert transitions published, by severity and state',
    labelNames: ['severity', 'state'] as const,
    registers: [this.registry],
  });
  readonly consumerLag = new Gauge({
    name: 'ceasefire_consumer_lag',
    help: 'Kafka consumer lag (high watermark minus next offset) per topic partition',
    labelNames: ['topic', 'partition'] as const,
    registers: [this.registry],
  });
  readonly deadLettered = new Counter({
    name: 'ceasefire_dead_letters_total',
    help: 'Messages sent to the dead-letter topic, by the field that failed',
    labelNames: ['field'] as const,
    registers: [this.registry],
  });
  readonly notifications = new Counter({
    name: 'ceasefire_notifications_total',
    help: 'Alert notifications posted, by channel and outcome (an Alertmanager post counts each alert in it)',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });
  /** Set by the delivery module, which knows where each channel's queue stands; read at scrape time. */
  notificationBacklogs: () => Promise<Partial<Record<'alertmanager' | 'webhook', number>>> = async () => ({});
  readonly notificationBacklog = new Gauge({
    name: 'ceasefire_notification_backlog',
    help: 'Alert transitions not yet delivered, by channel',
    labelNames: ['channel'] as const,
    registers: [this.registry],
    collect: async () => {
      const backlogs = await this.notificationBacklogs().catch(() => ({}));
      for (const [channel, n] of Object.entries(backlogs)) this.notificationBacklog.set({ channel }, n);
    },
  });
  readonly httpDuration = new Histogram({
    name: 'ceasefire_http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'ceasefire_' });
    for (const outcome of ['accepted', 'duplicate', 'rejected'] as const) this.observations.inc({ outcome }, 0);
  }

  private pending: Promise<void> | null = null;

  /** Both position gauges from one query per scrape. */
  private collectPositions(): Promise<void> {
    this.pending ??= this.positions()
      .then((positions) => {
        if (!positions) return;
        this.eventStorePosition.set(positions.store);
        this.projectionPosition.set(positions.projection);
      })
      .catch(() => undefined)
      .finally(() => setImmediate(() => (this.pending = null)));
    return this.pending;
  }

  private scraped(name: string, help: string, reader: keyof Metrics['readers']): Gauge {
    const readers = this.readers;
    return new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        const value = await readers[reader]?.().catch(() => undefined);
        if (value !== undefined) this.set(value);
      },
    });
  }

  countObservations(outcomes: Iterable<ObservationOutcome>): void {
    const tally = { accepted: 0, duplicate: 0, rejected: 0 };
    for (const outcome of outcomes) tally[outcome]++;
    for (const outcome of ['accepted', 'duplicate', 'rejected'] as const) {
      if (tally[outcome]) this.observations.inc({ outcome }, tally[outcome]);
    }
  }
}
