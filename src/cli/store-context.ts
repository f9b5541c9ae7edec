import 'reflect-metadata';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { Logger } from 'pino';
import { DataSource, QueryRunner } from 'typeorm';
import { systemClock } from '../config/clock';
import { loadConfig } from '../config/config';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { STORAGE_PROFILE, StorageProfile } from '../database/storage-profile';
import { EventStore } from '../event-store/event-store';
import { EventStoreModule } from '../event-store/event-store.module';
import { createLogger, PinoNestLogger } from '../observability/logger';
import { TelemetryModule } from '../observability/telemetry.module';
import { IntakeModule } from '../observations/intake.module';
import { AccordsService } from '../accords/accords.service';
import { ProjectionEngine } from '../projections/projection-engine';
import { withReader } from '../projections/read-ahead';
import { ONE_SHARD, Shard } from '../projections/shards';

/**
 * The store that DATABASE_URL / DATA_DIR name, with the same intake handler the service uses
 * and the accords of ACCORDS_DIR defined (projections are kept per accord time zone), for
 * commands that work on it directly. Logs go to stderr, so stdout stays the command's.
 */
export async function openStoreContext(
  env: NodeJS.ProcessEnv,
  { defineAccords = true } = {},
): Promise<{ context: INestApplicationContext; logger: Logger }> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...env });
  const logger = createLogger(config.LOG_LEVEL, 2);
  @Module({
    imports: [
      ConfigModule.forRoot(config, systemClock),
      TelemetryModule.forRoot(logger),
      CqrsModule.forRoot(),
      DatabaseModule,
      EventStoreModule,
      IntakeModule,
    ],
    // a command that only reads (accord check) must not define ACCORDS_DIR's accords in the store
    providers: defineAccords ? [AccordsService] : [],
  })
  class StoreModule {}
  // abortOnError false: Nest would otherwise exit 1 itself on a database or DATA_DIR error; the
  // command reports it as one line with exit code 2 (main.ts)
  const context = await NestFactory.createApplicationContext(StoreModule, { logger: new CommandNestLogger(logger), abortOnError: false });
  context.enableShutdownHooks();
  return { context, logger };
}

/** Nest logs a failed start as JSON before rethrowing it; the command prints that error itself. */
class CommandNestLogger extends PinoNestLogger {
  override error(message: unknown, trace?: string, context?: string) {
    if (context !== 'ExceptionHandler') super.error(message, trace, context);
  }
}

/**
 * A projection engine for `shard` on the context's store, with a connection to read ahead on
 * where one can be spared (see withReader).
 */
export function withProjectionEngine<T>(
  context: INestApplicationContext,
  logger: Logger,
  work: (engine: ProjectionEngine, reader: QueryRunner | null) => Promise<T>,
  shard: Shard = ONE_SHARD,
): Promise<T> {
  const profile = context.get<symbol, StorageProfile>(STORAGE_PROFILE);
  const engine = new ProjectionEngine(context.get(EventStore), systemClock, logger, profile.bulkLoad, shard);
  return withReader(context.get(DataSource), profile, (reader) => work(engine, reader));
}
