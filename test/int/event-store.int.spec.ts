import { DataSource } from 'typeorm';
import { openDatabase } from '../../src/database/data-source';
import { EventStore } from '../../src/event-store/event-store';
import { Checkpoint, NewEvent, START, StoredEvent } from '../../src/event-store/event.types';
import { createTestDatabase } from '../support/database';

const incident = (key: string, revision = 1): NewEvent => ({ type: 'incident', stream: 'unama', key, revision, data: { key, revision } });

async function readAll(store: EventStore, from: Checkpoint, batch: number): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  let at = from;
  for (let rows = await store.readAfter(at, batch); rows.length > 0; rows = await store.readAfter(at, batch)) {
    out.push(...rows);
    at = rows[rows.length - 1];
  }
  return out;
}

describe('event store', () => {
  let db: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;
  let store: EventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await openDatabase(db.url, 6);
    store = new EventStore(dataSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('appends once per (source, id, revision) and treats an equal or lower revision as a duplicate', async () => {
    expect(await store.append([incident('a'), incident('b'), incident('a')])).toEqual(['accepted', 'accepted', 'duplicate']);
    expect(await store.append([incident('a', 3), incident('a', 2), incident('b')])).toEqual(['accepted', 'duplicate', 'duplicate']);
    expect(await store.append([incident('a', 2)])).toEqual(['duplicate']);
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM events WHERE stream = 'unama'`);
    expect(count).toBe(3);
  });

  it('refuses to change or delete an event', async () => {
    await expect(dataSource.query(`UPDATE events SET data = '{}'`)).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`DELETE FROM events`)).rejects.toThrow(/append-only/);
  });

  it('reads every event exactly once, in order, across batches past position 1000', async () => {
    const start = await readAll(store, START, 5000);
    await store.append(Array.from({ length: 2500 }, (_, i) => incident(`bulk-${i}`)));
    const read = await readAll(store, start[start.length - 1], 333);
    expect(read.map((e) => e.key)).toEqual(Array.from({ length: 2500 }, (_, i) => `bulk-${i}`));
  });

  it('never passes an event whose position became visible late (an append held open while later ones commit)', async () => {
    const before = await readAll(store, START, 5000);
    const slow = dataSource.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    await store.append([incident('late')], slow.manager); // takes its position first...
    await store.append([incident('early-1')]); // ...these commit before it
    await store.append([incident('early-2')]);
    const [late] = await slow.query(`SELECT position::int AS p FROM events WHERE key = 'late'`);
    const [early] = await dataSource.query(`SELECT min(position)::int AS p FROM events WHERE key LIKE 'early-%'`);
    expect(late.p).toBeLessThan(early.p);

    const whileOpen = await readAll(store, before[before.length - 1], 10);
    expect(whileOpen.map((e) => e.key)).toEqual([]); // nothing after the open transaction is handed out yet
    await slow.commitTransaction();
    await slow.release();
    const after = await readAll(store, before[before.length - 1], 10);
    expect(after.map((e) => e.key).sort()).toEqual(['early-1', 'early-2', 'late']);
  });
});
