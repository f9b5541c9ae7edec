import { QueryRunner } from 'typeorm';
import { createDataSource } from '../../../src/database/data-source';
import { withReader } from '../../../src/projections/read-ahead';

/** Which connection the projector reads ahead on; none is opened here (the pool is never initialized). */
describe('withReader', () => {
  const url = 'postgres://nobody@127.0.0.1:1/none';

  function pool(size: number) {
    const dataSource = createDataSource(url, size);
    const runner = { connect: jest.fn(async () => undefined), release: jest.fn(async () => undefined) };
    const create = jest.spyOn(dataSource, 'createQueryRunner').mockReturnValue(runner as unknown as QueryRunner);
    return { dataSource, runner, create };
  }

  it('reads ahead on a second pooled connection, released after the work, even when it fails', async () => {
    const { dataSource, runner } = pool(10);
    expect(await withReader(dataSource, { readAhead: true }, async (reader) => reader)).toBe(runner);
    expect(runner.connect).toHaveBeenCalledTimes(1);
    expect(runner.release).toHaveBeenCalledTimes(1);
    await expect(withReader(dataSource, { readAhead: true }, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(runner.release).toHaveBeenCalledTimes(2);
  });

  it('takes no reader where the storage profile has no connection to spare', async () => {
    const { dataSource, create } = pool(10);
    expect(await withReader(dataSource, { readAhead: false }, async (reader) => reader)).toBeNull();
    expect(create).not.toHaveBeenCalled();
  });
});
