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
    expect(await withReader(dataSource, { embedded: false, poolSize: 10 }, async (reader) => reader)).toBe(runner);
    expect(runner.connect).toHaveBeenCalledTimes(1);
    expect(runner.release).toHaveBeenCalledTimes(1);
    await expect(withReader(dataSource, { embedded: false, poolSize: 10 }, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(runner.release).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['the embedded database, whose one connection the caller holds', 10, true],
    ['a pool with no connection to spare beside the writers and an appender', 3, false],
  ])('takes no reader on %s', async (_, size, embedded) => {
    const { dataSource, create } = pool(size);
    expect(await withReader(dataSource, { embedded, poolSize: size }, async (reader) => reader)).toBeNull();
    expect(create).not.toHaveBeenCalled();
  });
});
