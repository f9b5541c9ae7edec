import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PROJECTOR_CHECKPOINTS } from '../projections/shards';
import { HealthRegistry } from './health';
import { Metrics } from './metrics';

/**
 * Positions are read from the database at scrape time, so every instance reports the same
 * global truth whichever of them appended or projected; the projections' is the slowest shard's.
 */
@Injectable()
export class StorePositions implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: Metrics,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.metrics.positions = async () => {
      const [row] = await this.dataSource.query(
        `SELECT (SELECT coalesce(max(position), 0) FROM events)::text AS store,
                (SELECT coalesce(min(max_position), 0) FROM checkpoints WHERE ${PROJECTOR_CHECKPOINTS})::text AS projection`,
      );
      return { store: Number(row.store), projection: Number(row.projection) };
    };
    this.health.register('database', async () => {
      await this.dataSource.query('SELECT 1');
      return { status: 'up' };
    });
  }
}
