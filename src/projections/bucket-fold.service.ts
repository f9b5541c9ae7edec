import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { LOGGER } from '../observability/logger';
import { Metrics } from '../observability/metrics';
import { FOLD_ROWS, foldBucketLog } from './bucket-fold';
import { SingleWriter } from './single-writer';

/**
 * Folds the bucket log into bucket_totals in the background, pass after pass while a pass
 * finds a full load, so the log stays about as short as what the projector appends between passes.
 * It borrows a connection per pass rather than holding one: foldBucketLog's lock keeps instances apart.
 */
@Injectable()
export class BucketFoldService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly writer: SingleWriter;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(LOGGER) logger: Logger,
    private readonly metrics: Metrics,
  ) {
    this.writer = new SingleWriter('bucket-fold', dataSource, logger, async (runner) => (await foldBucketLog(runner)) === FOLD_ROWS, {
      exclusive: false,
      idleMs: 1000,
    });
  }

  onApplicationBootstrap(): void {
    this.metrics.readers.bucketLogRows = async () => {
      const [{ rows }] = await this.dataSource.query(`SELECT count(*)::int AS rows FROM buckets`);
      return rows;
    };
    this.writer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.writer.stop();
  }
}
