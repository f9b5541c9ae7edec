import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { Logger } from 'pino';
import { CONFIG, Config } from '../config/config';
import { ComponentState, HealthRegistry } from '../observability/health';
import { LOGGER } from '../observability/logger';
import { Metrics } from '../observability/metrics';
import { LagHold } from './lag-hold';

/** Often enough that a hold starts within a second of the line, rarely enough to cost nothing. */
const POLL_MS = 1000;

/**
 * Holds Kafka and HTTP intake while the projector is more than MAX_PROJECTION_LAG events
 * behind, so the store's lead over verdicts and alerts stays bounded. It reads the positions
 * /metrics exports (global facts of the database), so every instance holds on the same lag.
 */
@Injectable()
export class IntakeHold implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly hold: LagHold | null;
  private readonly listeners: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly metrics: Metrics,
    private readonly health: HealthRegistry,
    @Inject(CONFIG) config: Config,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.hold = config.MAX_PROJECTION_LAG > 0 ? new LagHold(config.MAX_PROJECTION_LAG) : null;
  }

  get holding(): boolean {
    return this.hold?.holding ?? false;
  }

  /** Why intake is held (for /health and refusals). */
  reason(): string {
    return this.hold?.describe() ?? 'not held';
  }

  retryAfterSeconds(): number {
    return this.hold?.retryAfterSeconds() ?? 0;
  }

  /** `listener` runs whenever a hold starts or ends. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  onApplicationBootstrap(): void {
    if (!this.hold) return;
    this.health.register(
      'intake',
      (): ComponentState =>
        this.holding ? { status: 'degraded', detail: `held: ${this.reason()}` } : { status: 'up', detail: this.reason() },
    );
    this.schedule();
  }

  beforeApplicationShutdown(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** One reading at a time, however long the database takes to answer. */
  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.poll().finally(() => this.schedule()), POLL_MS).unref();
  }

  private async poll(): Promise<void> {
    const positions = await this.metrics.positions().catch(() => null);
    if (!positions || !this.hold?.observe(positions, performance.now())) return;
    if (this.holding) this.logger.warn({ lag: this.hold.lag, limit: this.hold.limit }, 'intake held: the projector is too far behind');
    else this.logger.info({ lag: this.hold.lag, limit: this.hold.limit }, 'intake resumed');
    for (const listener of this.listeners) listener();
  }
}
