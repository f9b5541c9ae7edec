import { BulkLoad, Cell, loadRows } from '../../src/database/bulk-rows';
import { openTestStore, TestStore } from '../support/database';

const AWKWARD: Cell[][] = [
  ['plain', 1.5, { 'killed.civilians': 2 }],
  ['tab\there, newline\nhere, return\rhere', -3, {}],
  ['back\\slash \\N and \\t as text', 0, { note: 'a "quoted" tab\t and backslash \\' }],
  ['قندهار — Kandahar', 1e-7, null],
];

describe.each<BulkLoad>(['copy', 'json'])('loadRows by %s', (load) => {
  let store: TestStore;
  const count = async (where = 'true') => (await store.dataSource.query(`SELECT count(*)::int AS n FROM bulk WHERE ${where}`))[0].n;

  beforeAll(async () => {
    store = await openTestStore(2);
    await store.runner.query(`CREATE TABLE bulk (name text NOT NULL, amount double precision NOT NULL, extra jsonb, id serial)`);
  });
  afterAll(() => store?.close());

  it('stores every value as given, inside the running transaction', async () => {
    const { runner } = store;
    await runner.startTransaction();
    await loadRows(runner.manager, load, 'bulk', ['name', 'amount', 'extra'], AWKWARD);
    expect(await count()).toBe(0); // not committed yet
    await runner.commitTransaction();
    const rows = await store.dataSource.query(`SELECT name, amount, extra FROM bulk ORDER BY id`);
    expect(rows.map((r: Record<string, unknown>) => [r.name, r.amount, r.extra])).toEqual(AWKWARD);
  });

  it('takes nothing when rolled back, and names the column a bad row breaks', async () => {
    const { runner } = store;
    await runner.startTransaction();
    await loadRows(runner.manager, load, 'bulk', ['name', 'amount', 'extra'], [['kept?', 1, null]]);
    await runner.rollbackTransaction();
    await runner.startTransaction();
    await expect(loadRows(runner.manager, load, 'bulk', ['name', 'amount', 'extra'], [[null, 1, null]])).rejects.toThrow(/"name"/);
    await runner.rollbackTransaction();
    expect(await count(`name = 'kept?'`)).toBe(0);
  });
});

describe('loadRows by copy', () => {
  it('refuses a manager without a connection of its own, naming the table', async () => {
    const store = await openTestStore(2);
    try {
      await expect(loadRows(store.dataSource.manager, 'copy', 'events', ['type'], [['x']])).rejects.toThrow(
        /COPY into events needs a query runner/,
      );
    } finally {
      await store.close();
    }
  });
});
