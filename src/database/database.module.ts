import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { CONFIG, Config } from '../config/config';
import { LOGGER } from '../observability/logger';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';
import { openDatabase } from './data-source';

const EMBEDDED = Symbol('EmbeddedPostgres');

/** Whether this is the embedded database: one process, one connection (see DatabaseModule). */
export const DATABASE_MODE = Symbol('DatabaseMode');
export interface DatabaseMode {
  embedded: boolean;
}

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
        return startEmbeddedPostgres(config.DATA_DIR, 2); // the one pool connection, and room for its replacement
      },
    },
    {
      provide: DataSource,
      inject: [CONFIG, EMBEDDED],
      // PGlite runs one backend session for every socket connection: two connections would
      // interleave their protocol messages, so the embedded database gets exactly one.
      useFactory: (config: Config, embedded: EmbeddedPostgres | null) =>
        embedded ? openDatabase(embedded.url, 1) : openDatabase(config.DATABASE_URL!, config.DB_POOL_SIZE),
    },
    { provide: DATABASE_MODE, inject: [EMBEDDED], useFactory: (embedded: EmbeddedPostgres | null): DatabaseMode => ({ embedded: embedded !== null }) },
  ],
  exports: [DataSource, DATABASE_MODE],
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
