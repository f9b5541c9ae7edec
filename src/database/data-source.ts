import { types } from 'pg';
import { DataSource } from 'typeorm';
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
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
