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
import { channelHealth } from './channel';
import { backlog } from './delivery-queue';
import { receiverId } from './receivers';
import { WebhookOutbox } from './webhook-outbox';
import { WebhookSender } from './webhook-sender';

/** Every alert transition to each of WEBHOOK_URLS, signed: the outbox fills the queues, a sender per receiver empties one. */
@Injectable()
@EventsHandler(ProjectionsAdvanced)
export class WebhookDelivery implements OnApplicationBootstrap, BeforeApplicationShutdown, IEventHandler<ProjectionsAdvanced> {
  private readonly outbox: WebhookOutbox | null = null;
  private readonly senders: WebhookSender[] = [];
  private readonly receivers: string[];

  constructor(
    private readonly dataSource: DataSource,
    store: EventStore,
    metrics: Metrics,
    @Inject(CONFIG) config: Config,
    @Inject(LOGGER) logger: Logger,
    @Inject(STORAGE_PROFILE) profile: StorageProfile,
  ) {
    const urls = config.WEBHOOK_URLS ?? [];
    this.receivers = urls.map(receiverId);
    if (urls.length === 0) return;
    const secret = config.WEBHOOK_SECRET!;
    this.senders = urls.map(
      (url) => new WebhookSender(dataSource, metrics, logger, { url, secret, timeoutMs: config.DELIVERY_TIMEOUT_MS }),
    );
    this.outbox = new WebhookOutbox(dataSource, store, logger, this.receivers, profile.exclusiveWriters, () =>
      this.senders.forEach((s) => s.wake()),
    );
  }

  onApplicationBootstrap(): void {
    this.outbox?.start();
    this.senders.forEach((s) => s.start());
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([this.outbox?.stop(), ...this.senders.map((s) => s.stop())]);
  }

  /** The projector committed: there may be transitions to queue now rather than at the next poll. */
  handle(): void {
    this.outbox?.wake();
  }

  /** Messages queued and not yet delivered, plus transitions not yet queued (once per receiver). */
  async backlog(): Promise<number> {
    if (!this.outbox) return 0;
    const [queued, pending] = await Promise.all([backlog(this.dataSource.manager, this.receivers), this.outbox.pending()]);
    return queued + pending * this.receivers.length;
  }

  async health(): Promise<ComponentState> {
    if (!this.outbox) return { status: 'disabled', detail: 'WEBHOOK_URLS unset' };
    return channelHealth([this.outbox.health()], await this.backlog());
  }
}
