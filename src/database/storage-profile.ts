import { Config } from '../config/config';
import { BulkLoad } from './bulk-rows';

/**
 * What the database can take, answered once from the configuration: PostgreSQL at
 * DATABASE_URL, or the embedded PGlite under DATA_DIR when it is unset.
 */
export interface StorageProfile {
  embedded: boolean;
  /** connections in the pool */
  poolSize: number;
  /** whether the projector may hold a second connection to read the next batch ahead on */
  readAhead: boolean;
  bulkLoad: BulkLoad;
  /** whether single writers hold an advisory lock on a dedicated connection (see SingleWriterOptions) */
  exclusiveWriters: boolean;
}

export const STORAGE_PROFILE = Symbol('StorageProfile');

/**
 * The fewest pooled connections with one to spare for reading ahead: the projector's and the
 * relay's dedicated ones, an appender's, and the reader.
 */
const POOL_FOR_READER = 4;

/**
 * PGlite runs one backend session for all its socket connections, so two would interleave
 * their protocol messages: the embedded database gets exactly one, which the writers borrow
 * in turn, and its bulk rows as JSON documents (see BulkLoad).
 */
const EMBEDDED: StorageProfile = { embedded: true, poolSize: 1, readAhead: false, bulkLoad: 'json', exclusiveWriters: false };

export function storageProfile(config: Pick<Config, 'DATABASE_URL' | 'DB_POOL_SIZE'>): StorageProfile {
  if (!config.DATABASE_URL) return EMBEDDED;
  const poolSize = config.DB_POOL_SIZE;
  return { embedded: false, poolSize, readAhead: poolSize >= POOL_FOR_READER, bulkLoad: 'copy', exclusiveWriters: true };
}
