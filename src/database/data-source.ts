import { types } from 'pg';
import { DataSource, MigrationExecutor } from 'typeorm';
import { MIGRATIONS } from './migrations';

// Dates stay 'YYYY-MM-DD' strings: a calendar date has no time zone to be shifted by.
types.setTypeParser(types.builtins.DATE, (value) => value);

export function createDataSource(url: string, poolSize: number): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: false,
    extra: { max: poolSize, connectionTimeoutMillis: 30_000, idleTimeoutMillis: 30_000 },
  });
}

/** Opens the pool and brings the schema up to date. */
export async function openDatabase(url: string, poolSize: number): Promise<DataSource> {
  const dataSource = createDataSource(url, poolSize);
  await dataSource.initialize();
  try {
    await migrate(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

/**
 * Runs the pending migrations under a session advisory lock, on the connection holding it:
 * instances started together on a new database would otherwise create the same tables at once
 * and all but one fail. The others wait, then find nothing pending.
 */
async function migrate(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(hashtext('ceasefire-monitor:migrations'))`);
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    await executor.executePendingMigrations();
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(hashtext('ceasefire-monitor:migrations'))`).catch(() => undefined);
    await runner.release();
  }
}
