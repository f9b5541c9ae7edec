import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { CONFIG, Config } from '../config/config';
import { STORAGE_PROFILE, StorageProfile } from '../database/storage-profile';
import { EventStore } from '../event-store/event-store';
import { ComponentState } from '../observability/health';
import { LOGGER } from '../observability/logger';
import { Metrics } from '../observability/metrics';
import { ProjectionsAdvanced } from '../projections/projections-advanced.event';
import { AlertmanagerPusher } from './alertmanager-pusher';
import { channelHealth, publicUrl } from './channel';

/** Firing alerts to each of ALERTMANAGER_URLS; see AlertmanagerPusher. */
@Injectable()
@EventsHandler(ProjectionsAdvanced)
export class AlertmanagerDelivery implements OnApplicationBootstrap, BeforeApplicationShutdown, IEventHandler<ProjectionsAdvanced> {
  private readonly pushers: AlertmanagerPusher[];

  constructor(
    dataSource: DataSource,
    store: EventStore,
    metrics: Metrics,
    @Inject(CONFIG) config: Config,
    @Inject(LOGGER) logger: Logger,
    @Inject(STORAGE_PROFILE) profile: StorageProfile,
  ) {
    const options = {
      resendMs: config.ALERTMANAGER_RESEND_MS,
      timeoutMs: config.DELIVERY_TIMEOUT_MS,
      publicUrl: publicUrl(config),
      exclusive: profile.exclusiveWriters,
    };
    this.pushers = (config.ALERTMANAGER_URLS ?? []).map(
      (url) => new AlertmanagerPusher(dataSource, store, metrics, logger, { ...options, url }),
    );
  }

  onApplicationBootstrap(): void {
    this.pushers.forEach((p) => p.start());
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.pushers.map((p) => p.stop()));
  }

  /** The projector committed: there may be transitions to post now rather than at the next poll. */
  handle(): void {
    this.pushers.forEach((p) => p.wake());
  }

  /** The Alertmanager furthest behind sets the backlog. */
  async backlog(): Promise<number> {
    return Math.max(0, ...(await Promise.all(this.pushers.map((p) => p.backlog()))));
  }

  async health(): Promise<ComponentState> {
    if (this.pushers.length === 0) return { status: 'disabled', detail: 'ALERTMANAGER_URLS unset' };
    return channelHealth(
      this.pushers.map((p) => p.health()),
      await this.backlog(),
    );
  }
}
