import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { CONFIG, Config } from '../config/config';
import { LOGGER } from '../observability/logger';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';
import { openDatabase } from './data-source';

const EMBEDDED = Symbol('EmbeddedPostgres');

/** PostgreSQL at DATABASE_URL, or the embedded PGlite under DATA_DIR when it is unset. */
@Global()
@Module({
  providers: [
    {
      provide: EMBEDDED,
      inject: [CONFIG, LOGGER],
      useFactory: async (config: Config, logger: Logger): Promise<EmbeddedPostgres | null> => {
        if (config.DATABASE_URL) return null;
        logger.info({ dataDir: config.DATA_DIR }, 'DATABASE_URL unset: starting embedded PostgreSQL (PGlite)');
        return startEmbeddedPostgres(config.DATA_DIR, config.DB_POOL_SIZE);
      },
    },
    {
      provide: DataSource,
      inject: [CONFIG, EMBEDDED],
      useFactory: (config: Config, embedded: EmbeddedPostgres | null) =>
        openDatabase(config.DATABASE_URL ?? embedded!.url, config.DB_POOL_SIZE),
    },
  ],
  exports: [DataSource],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(EMBEDDED) private readonly embedded: EmbeddedPostgres | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.embedded?.stop();
  }
}
