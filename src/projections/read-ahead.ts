import { DataSource, QueryRunner } from 'typeorm';
import { DatabaseMode } from '../database/database.module';

/**
 * The fewest pooled connections with one to spare for reading ahead: the projector's and the
 * relay's dedicated ones, an appender's, and the reader.
 */
const POOL_FOR_READER = 4;

/**
 * Runs `work` with a second connection to read ahead on, or with none where there is no
 * connection to spare: on the embedded database, whose single connection the caller already
 * holds, or a pool smaller than POOL_FOR_READER.
 */
export async function withReader<T>(dataSource: DataSource, mode: DatabaseMode, work: (reader: QueryRunner | null) => Promise<T>): Promise<T> {
  if (mode.embedded || mode.poolSize < POOL_FOR_READER) return work(null);
  const reader = dataSource.createQueryRunner();
  await reader.connect();
  try {
    return await work(reader);
  } finally {
    await reader.release();
  }
}
