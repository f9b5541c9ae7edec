import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { CONFIG, Config } from '../config/config';
import { LOGGER } from '../observability/logger';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';
import { openDatabase } from './data-source';
import { STORAGE_PROFILE, StorageProfile, storageProfile } from './storage-profile';

const EMBEDDED = Symbol('EmbeddedPostgres');

/** PostgreSQL at DATABASE_URL, or the embedded PGlite under DATA_DIR when it is unset (see StorageProfile). */
@Global()
@Module({
  providers: [
    { provide: STORAGE_PROFILE, inject: [CONFIG], useFactory: storageProfile },
    {
      provide: EMBEDDED,
      inject: [STORAGE_PROFILE, CONFIG, LOGGER],
      useFactory: async (profile: StorageProfile, config: Config, logger: Logger): Promise<EmbeddedPostgres | null> => {
        if (!profile.embedded) return null;
        logger.info({ dataDir: config.DATA_DIR }, 'DATABASE_URL unset: starting embedded PostgreSQL (PGlite)');
        return startEmbeddedPostgres(config.DATA_DIR, profile.poolSize + 1); // the pool, and room for a replacement
      },
    },
    {
      provide: DataSource,
      inject: [STORAGE_PROFILE, CONFIG, EMBEDDED],
      useFactory: (profile: StorageProfile, config: Config, embedded: EmbeddedPostgres | null) =>
        openDatabase(embedded ? embedded.url : config.DATABASE_URL!, profile.poolSize),
    },
  ],
  exports: [DataSource, STORAGE_PROFILE],
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
