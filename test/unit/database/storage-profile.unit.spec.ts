import { storageProfile } from '../../../src/database/storage-profile';

describe('storageProfile', () => {
  it('gives PostgreSQL the configured pool, a reader to read ahead on, COPY and locked writers', () => {
    expect(storageProfile({ DATABASE_URL: 'postgres://db/monitor', DB_POOL_SIZE: 10 })).toEqual({
      embedded: false,
      poolSize: 10,
      readAhead: true,
      bulkLoad: 'copy',
      exclusiveWriters: true,
    });
  });

  it('gives the embedded database one shared connection, no reader, JSON documents and no lock', () => {
    expect(storageProfile({ DATABASE_URL: undefined, DB_POOL_SIZE: 10 })).toEqual({
      embedded: true,
      poolSize: 1,
      readAhead: false,
      bulkLoad: 'json',
      exclusiveWriters: false,
    });
  });

  it('takes no reader on a pool with no connection to spare beside the writers and an appender', () => {
    expect(storageProfile({ DATABASE_URL: 'postgres://db/monitor', DB_POOL_SIZE: 3 }).readAhead).toBe(false);
    expect(storageProfile({ DATABASE_URL: 'postgres://db/monitor', DB_POOL_SIZE: 4 }).readAhead).toBe(true);
  });
});
