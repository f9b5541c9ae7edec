import { DataSource, QueryRunner } from 'typeorm';
import { unflushedCommit } from '../../src/projections/unflushed-commit';
import { openTestStore, TestStore } from '../support/database';

const setting = async (runner: QueryRunner) => (await runner.query(`SHOW synchronous_commit`))[0].synchronous_commit;

describe('unflushed commit', () => {
  let store: TestStore;
  let dataSource: DataSource;
  let runner: QueryRunner;

  beforeAll(async () => {
    store = await openTestStore(2);
    ({ dataSource, runner } = store);
    await runner.query(`CREATE TABLE rows_written (n int)`);
  });
  afterAll(() => store?.close());

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
