import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EventBus, EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { CLOCK, Clock } from '../config/clock';
import { CONFIG, Config, instanceName } from '../config/config';
import { STORAGE_PROFILE, StorageProfile } from '../database/storage-profile';
import { EventStore } from '../event-store/event-store';
import { ComponentState, HealthRegistry } from '../observability/health';
import { LOGGER } from '../observability/logger';
import { Metrics } from '../observability/metrics';
import { ObservationsAppended } from '../observations/observations-appended.event';
import { heartbeat, leave, markHolder, shardStatuses, ShardStatus } from './members';
import { PROJECTOR_BATCH, ProjectionEngine } from './projection-engine';
import { ProjectionsAdvanced } from './projections-advanced.event';
import { withReader } from './read-ahead';
import { adoptShardLayout } from './shard-layout';
import { ShardShare } from './shards';
import { SingleWriter } from './single-writer';

/**
 * Batches per unit of work: with a reader connection the next batch is worked out while the
 * last one commits, and the writer can still be stopped within a few batches.
 */
const LIVE_BATCHES = 8;
const HEARTBEAT_MS = 1000;

/**
 * Keeps the projections caught up with the event store: one writer per shard (shards.ts),
 * each under its own lock, as many held here as this instance's share of the running ones.
 */
@Injectable()
@EventsHandler(ObservationsAppended)
export class ProjectorService implements OnApplicationBootstrap, BeforeApplicationShutdown, IEventHandler<ObservationsAppended> {
  readonly engines: ProjectionEngine[];
  private readonly writers: SingleWriter[];
  private readonly share: ShardShare;
  private heartbeats: NodeJS.Timeout | null = null;
  private readonly instance: string;

  constructor(
    private readonly dataSource: DataSource,
    store: EventStore,
    @Inject(CLOCK) clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(STORAGE_PROFILE) private readonly profile: StorageProfile,
    @Inject(CONFIG) private readonly config: Config,
    private readonly health: HealthRegistry,
    private readonly metrics: Metrics,
    events: EventBus,
  ) {
    this.instance = instanceName(config);
    const count = config.PROJECTOR_SHARDS;
    this.share = new ShardShare(count);
    this.engines = Array.from(
      { length: count },
      (_, index) => new ProjectionEngine(store, clock, logger, profile.bulkLoad, { index, count }),
    );
    this.writers = this.engines.map(
      (engine, index) =>
        new SingleWriter(
          engine.name,
          dataSource,
          logger,
          async (runner, fresh) => {
            if (fresh) {
              await engine.load(runner.manager);
              await markHolder(runner.manager, engine.name, this.instance);
            }
            // only shard 0 reads ahead: a follower's segments are cut for it already
            const projected = await withReader(dataSource, index === 0 ? profile : { readAhead: false }, (reader) =>
              engine.catchUp(runner, reader, PROJECTOR_BATCH, {
                batches: LIVE_BATCHES,
                onCommitted: (committed) => {
                  events.publish(new ProjectionsAdvanced(committed));
                  if (index === 0) this.writers.slice(1).forEach((w) => w.wake());
                },
              }),
            );
            return projected > 0;
          },
          {
            exclusive: profile.exclusiveWriters,
            share: profile.exclusiveWriters
              ? {
                  mayTake: () => this.share.mayTake(),
                  shouldRelease: () => this.share.shouldRelease(index),
                  took: () => this.share.took(index),
                  released: () => this.share.released(index),
                }
              : undefined,
          },
        ),
    );
  }

  /** The engine of shard 0 (the whole projector when there is one shard). */
  get engine(): ProjectionEngine {
    return this.engines[0];
  }

  async onApplicationBootstrap(): Promise<void> {
    await adoptShardLayout(this.dataSource, this.config.PROJECTOR_SHARDS);
    if (this.profile.exclusiveWriters) {
      await this.beat();
      this.heartbeats = setInterval(() => void this.beat(), HEARTBEAT_MS);
    }
    this.engines.forEach((engine, index) => this.health.register(engine.name, () => this.shardHealth(index)));
    this.metrics.shards = async () =>
      (await shardStatuses(this.dataSource)).map((s) => ({
        ...s,
        heldHere: !this.profile.exclusiveWriters || (this.writers[this.indexOf(s.shard)]?.holds() ?? false),
      }));
    for (const writer of this.writers) writer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.heartbeats) clearInterval(this.heartbeats);
    await Promise.all(this.writers.map((w) => w.stop()));
    if (this.profile.exclusiveWriters) await leave(this.dataSource, this.instance).catch(() => undefined);
  }

  handle(): void {
    this.writers[0].wake();
  }

  /** Wakes the projector now (e.g. after an accord was defined). */
  wake(): void {
    this.writers[0].wake();
  }

  private async beat(): Promise<void> {
    try {
      this.share.setMembers(await heartbeat(this.dataSource, this.instance));
    } catch (error) {
      this.logger.warn({ err: error }, 'projector heartbeat failed');
    }
  }

  private indexOf(shard: string): number {
    return this.engines.findIndex((e) => e.name === shard);
  }

  /** This instance's writer state, with the holder and lag every instance reads alike; degraded while no session holds its lock. */
  private async shardHealth(index: number): Promise<ComponentState> {
    const own = this.writers[index].health();
    const status: ShardStatus | undefined = (await shardStatuses(this.dataSource)).find((s) => s.shard === this.engines[index].name);
    if (!status) return own;
    const orphaned = this.profile.exclusiveWriters && !status.held;
    return {
      ...own,
      ...(orphaned && { status: 'degraded', detail: `no instance holds it (last held by ${status.holder ?? 'none'})` }),
      holder: status.holder,
      lag: status.lag,
    };
  }
}
