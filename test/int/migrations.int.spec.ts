import { DataSource } from 'typeorm';
import { openDatabase } from '../../src/database/data-source';
import { createTestDatabase } from '../support/database';

/** Every migration goes down and up again on a real database; the latest leaves the projector to replay. */
describe('migrations', () => {
  let db: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;
  const tables = async () =>
    (await dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).map((r: { tablename: string }) => r.tablename);

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await openDatabase(db.url, 2);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('drops observation_heads going up, and going down brings it back with the projector set to replay', async () => {
    expect(await tables()).not.toContain('observation_heads');
    await dataSource.query(`INSERT INTO checkpoints (name, tx_id, position, max_position, updated_at) VALUES ('projector', '5', 9, 9, now()), ('relay', '5', 9, 9, now())`);
    await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toContain('observation_heads');
    expect((await dataSource.query(`SELECT name FROM checkpoints ORDER BY name`)).map((r: { name: string }) => r.name)).toEqual(['relay']);
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await tables()).not.toContain('observation_heads');
  });

  it('takes every migration down to an empty schema and up again', async () => {
    const before = await tables();
    for (let i = 0; i < dataSource.migrations.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual(['migrations']);
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await tables()).toEqual(before);
  });
});
