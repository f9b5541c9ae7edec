import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { CONFIG, Config } from '../config/config';
import { LOGGER } from '../observability/logger';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';
import { openDatabase } from './data-source';

const EMBEDDED = Symbol('EmbeddedPostgres');

/** Whether this is the embedded database (one process, one connection: see DatabaseModule), and the pool's size. */
export const DATABASE_MODE = Symbol('DatabaseMode');
export interface DatabaseMode {
  embedded: boolean;
  poolSize: number;
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
      inject: [DATABASE_MODE, CONFIG, EMBEDDED],
      // PGlite runs one backend session for every socket connection: two connections would
      // interleave their protocol messages, so the embedded database gets exactly one.
      useFactory: (mode: DatabaseMode, config: Config, embedded: EmbeddedPostgres | null) =>
        openDatabase(embedded ? embedded.url : config.DATABASE_URL!, mode.poolSize),
    },
    {
      provide: DATABASE_MODE,
      inject: [CONFIG, EMBEDDED],
      useFactory: (config: Config, embedded: EmbeddedPostgres | null): DatabaseMode =>
        embedded ? { embedded: true, poolSize: 1 } : { embedded: false, poolSize: config.DB_POOL_SIZE },
    },
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
