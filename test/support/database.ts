import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, QueryRunner } from 'typeorm';
import { openDatabase } from '../../src/database/data-source';

export const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh database per test file on the machine's PostgreSQL, dropped afterwards. */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `cfm_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Incidents in the event store at `url`, through a connection of its own. */
export async function countIncidents(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT count(*)::int AS count FROM events WHERE type = 'incident'`);
    return rows[0].count;
  } finally {
    await client.end();
  }
}

export interface TestStore {
  dataSource: DataSource;
  /** a connection of its own, for work inside a transaction */
  runner: QueryRunner;
  /** releases the runner, closes the pool and drops the database */
  close(): Promise<void>;
}

/** A fresh database with the schema migrated, a pool of `poolSize` and a query runner. */
export async function openTestStore(poolSize: number): Promise<TestStore> {
  const db = await createTestDatabase();
  const dataSource = await openDatabase(db.url, poolSize);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  return {
    dataSource,
    runner,
    async close() {
      await runner.release();
      await dataSource.destroy();
      await db.drop();
    },
  };
}
