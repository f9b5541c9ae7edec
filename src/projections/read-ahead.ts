import { DataSource, QueryRunner } from 'typeorm';
import { StorageProfile } from '../database/storage-profile';

/** Runs `work` with a second connection to read ahead on, or with none where the profile has no connection to spare. */
export async function withReader<T>(
  dataSource: DataSource,
  profile: Pick<StorageProfile, 'readAhead'>,
  work: (reader: QueryRunner | null) => Promise<T>,
): Promise<T> {
  if (!profile.readAhead) return work(null);
  const reader = dataSource.createQueryRunner();
  await reader.connect();
  try {
    return await work(reader);
  } finally {
    await reader.release();
  }
}
