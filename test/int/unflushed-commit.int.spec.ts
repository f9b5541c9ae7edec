import { DataSource, QueryRunner } from 'typeorm';
import { openDatabase } from '../../src/database/data-source';
import { unflushedCommit } from '../../src/projections/unflushed-commit';
import { createTestDatabase } from '../support/database';

const setting = async (runner: QueryRunner) => (await runner.query(`SHOW synchronous_commit`))[0].synchronous_commit;

describe('unflushed commit', () => {
  let db: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;
  let runner: QueryRunner;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await openDatabase(db.url, 2);
    runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.query(`CREATE TABLE rows_written (n int)`);
  });
  afterAll(async () => {
    await runner?.release();
    await dataSource?.destroy();
    await db?.drop();
  });

  it('skips the flush wait inside its transaction only, so the pooled connection appends durably again', async () => {
    const inside = await unflushedCommit(runner, async () => {
      await runner.query(`INSERT INTO rows_written VALUES (1)`);
      return setting(runner);
    });
    expect(inside).toBe('off');
    expect(await setting(runner)).toBe('on');
    expect((await dataSource.query(`SELECT count(*)::int AS n FROM rows_written`))[0].n).toBe(1);
  });

  it('rolls back what failed, and the setting with it', async () => {
    await expect(
      unflushedCommit(runner, async () => {
        await runner.query(`INSERT INTO rows_written VALUES (2)`);
        throw new Error('batch failed');
      }),
    ).rejects.toThrow('batch failed');
    expect(await setting(runner)).toBe('on');
    expect((await dataSource.query(`SELECT count(*)::int AS n FROM rows_written WHERE n = 2`))[0].n).toBe(0);
    expect(runner.isTransactionActive).toBe(false);
  });
});
