import { DataSource, QueryRunner } from 'typeorm';
import { DatabaseMode } from '../database/database.module';

/**
 * Runs `work` with a second connection to read ahead on, or with none on the embedded
 * database, whose single connection the caller already holds.
 */
export async function withReader<T>(dataSource: DataSource, mode: DatabaseMode, work: (reader: QueryRunner | null) => Promise<T>): Promise<T> {
  if (mode.embedded) return work(null);
  const reader = dataSource.createQueryRunner();
  await reader.connect();
  try {
    return await work(reader);
  } finally {
    await reader.release();
  }
}
