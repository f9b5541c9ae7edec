import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { CONFIG, Config } from '../config/config';
import { ComponentState, HealthRegistry } from '../observability/health';
import { LOGGER } from '../observability/logger';
import { Metrics } from '../observability/metrics';

/** The oldest running transaction on the server that holds a transaction id and has events appended after it. */
export interface Blocker {
  pid: number;
  database: string | null;
  state: string | null;
  /** how long its transaction has been open; null when this role may not see it */
  seconds: number | null;
  /** whether it holds the append lock: readers wait for it however long it stays open */
  appending: boolean;
}

/**
 * Only a transaction id holds pg_snapshot_xmin back (a snapshot alone, as in a read-only
 * repeatable-read transaction, does not), and only if events were appended after it.
 */
const OLDEST_BLOCKER = `
  SELECT a.pid, a.datname AS database, a.state, extract(epoch FROM statement_timestamp() - a.xact_start)::float8 AS seconds,
    events_appending(x) AS appending
  FROM pg_snapshot_xip(pg_current_snapshot()) AS x
  JOIN pg_stat_activity a ON a.backend_xid = xid(x)
  WHERE EXISTS (SELECT 1 FROM events WHERE tx_id > x)
  ORDER BY x
  LIMIT 1`;

export async function oldestBlocker(dataSource: DataSource): Promise<Blocker | null> {
  const [row] = await dataSource.query(OLDEST_BLOCKER);
  return row ?? null;
}

/** Degraded once a blocker has been open PROJECTOR_MAX_BLOCK_MS, naming it. */
export function blockerHealth(blocker: Blocker | null, maxBlockMs: number): ComponentState {
  if (!blocker || blocker.seconds === null || blocker.seconds * 1000 < maxBlockMs) return { status: 'up' };
  const readers = blocker.appending
    ? 'the projector and the relay wait for it (it is appending)'
    : 'the projector and the relay read past it (it has appended nothing)';
  return {
    status: 'degraded',
    detail: `pid ${blocker.pid} (database ${blocker.database}, ${blocker.state}) has held a transaction open for ${Math.round(blocker.seconds)} s; ${readers}`,
  };
}

const LOG_EVERY_MS = 60_000;

/**
 * A transaction left open anywhere on the server holds the event readers' horizon back: this
 * names it in /health (`readHorizon`), reports its age as a metric and logs it every minute.
 */
@Injectable()
export class BlockerWatch implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly health: HealthRegistry,
    private readonly metrics: Metrics,
    @Inject(CONFIG) private readonly config: Pick<Config, 'PROJECTOR_MAX_BLOCK_MS'>,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.health.register('readHorizon', async () =>
      blockerHealth(await oldestBlocker(this.dataSource), this.config.PROJECTOR_MAX_BLOCK_MS),
    );
    this.metrics.readers.blockedSeconds = async () => (await oldestBlocker(this.dataSource))?.seconds ?? 0;
    this.timer = setInterval(() => void this.log(), LOG_EVERY_MS).unref();
  }

  beforeApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async log(): Promise<void> {
    const blocker = await oldestBlocker(this.dataSource).catch(() => null);
    const state = blockerHealth(blocker, this.config.PROJECTOR_MAX_BLOCK_MS);
    if (state.status === 'degraded') this.logger.warn({ blocker }, `read horizon held back: ${state.detail}`);
  }
}
