import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { openDatabase } from '../../src/database/data-source';
import { blockerHealth, oldestBlocker } from '../../src/event-store/blocker-watch';
import { EventStore } from '../../src/event-store/event-store';
import { Checkpoint, NewEvent, START, StoredEvent } from '../../src/event-store/event.types';
import { ADMIN_URL, createTestDatabase } from '../support/database';
import { json, metric, waitFor } from '../support/http';
import { startTestMonitor, TestMonitor } from '../support/monitor';

const MAX_BLOCK_MS = 1500;
const incident = (key: string): NewEvent => ({ type: 'incident', stream: 'unama', key, revision: 1, data: { key } });

/** A session of its own holding a transaction open, as an operator's forgotten psql would. */
async function openTransaction(url: string, begin = 'BEGIN'): Promise<{ client: Client; pid: number }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(begin);
  const { rows } = await client.query(`SELECT pg_backend_pid() AS pid, pg_current_xact_id()`);
  return { client, pid: rows[0].pid };
}

describe('read horizon', () => {
  let db: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;
  let store: EventStore;
  let at: Checkpoint = START;

  /** The keys read since the last call; the reader moves on as a projector would. */
  async function readOn(): Promise<string[]> {
    const keys: string[] = [];
    for (let rows: StoredEvent[]; (rows = await store.readAfter(at, 100)).length > 0; at = rows[rows.length - 1])
      keys.push(...rows.map((e) => e.key));
    return keys;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await openDatabase(db.url, 4);
    store = new EventStore(dataSource, { PROJECTOR_MAX_BLOCK_MS: MAX_BLOCK_MS });
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('reads past a transaction left open in another database at once, and names it once it has been open PROJECTOR_MAX_BLOCK_MS', async () => {
    const other = await openTransaction(ADMIN_URL);
    try {
      await store.append([incident('past-another-database')]);
      expect(await readOn()).toEqual(['past-another-database']);
      const health = await waitFor(
        async () => blockerHealth(await oldestBlocker(dataSource), MAX_BLOCK_MS),
        (state) => state.detail?.startsWith(`pid ${other.pid} `) ?? false,
        10_000,
        'the blocker named',
      );
      expect(health).toEqual({
        status: 'degraded',
        detail: expect.stringMatching(
          /database postgres, idle in transaction\) has held a transaction open for \d+ s; the projector and the relay read past it/,
        ),
      });
    } finally {
      await other.client.end();
    }
  });

  it.each(['BEGIN ISOLATION LEVEL READ COMMITTED', 'BEGIN ISOLATION LEVEL REPEATABLE READ'])(
    'waits PROJECTOR_MAX_BLOCK_MS for a transaction of this database that appended nothing, then reads past it and refuses its append (%s)',
    async (begin) => {
      const idle = await openTransaction(db.url, begin);
      const opened = Date.now();
      try {
        await store.append([incident(`after-${begin}`)]);
        expect(await readOn()).toEqual([]);
        await waitFor(readOn, (keys) => keys.length > 0, 10_000, 'the reader to move on');
        expect(Date.now() - opened).toBeGreaterThanOrEqual(MAX_BLOCK_MS);
        // Its event would sort before the reader's checkpoint, so it must not be stored.
        await expect(
          idle.client.query(`INSERT INTO events (type, stream, key, revision, data) VALUES ('incident', 'unama', 'too-late', 1, '{}')`),
        ).rejects.toMatchObject({
          code: '40001',
        });
      } finally {
        await idle.client.end();
      }
    },
  );

  it('never reads past an append held open, however long: once it commits its event is read', async () => {
    const slow = dataSource.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    try {
      await store.append([incident('held')], slow.manager);
      await store.append([incident('after-held')]);
      await new Promise((resolve) => setTimeout(resolve, MAX_BLOCK_MS + 500));
      expect(await readOn()).toEqual([]);
      expect(blockerHealth(await oldestBlocker(dataSource), MAX_BLOCK_MS).detail).toMatch(
        /the projector and the relay wait for it \(it is appending\)/,
      );
      await slow.commitTransaction();
    } finally {
      await slow.release();
    }
    expect((await readOn()).sort()).toEqual(['after-held', 'held']);
  });
});

describe('the monitor with a transaction left open elsewhere on the server', () => {
  let monitor: TestMonitor;

  beforeAll(async () => {
    monitor = await startTestMonitor({ PROJECTOR_MAX_BLOCK_MS: String(MAX_BLOCK_MS) }, { kafka: false });
  });
  afterAll(async () => {
    await monitor?.stop();
  });

  it('keeps projecting, and /health and /metrics name the blocker', async () => {
    const other = await openTransaction(ADMIN_URL);
    const dataSource = await openDatabase(monitor.databaseUrl, 2);
    try {
      const incidents = Array.from({ length: 20 }, (_, i) => ({
        type: 'incident' as const,
        stream: 'unama',
        key: `i-${i}`,
        revision: 1,
        data: { type: 'incident', id: `i-${i}`, source: 'unama', occurredAt: '2020-03-02', category: 'attack', actor: 'taliban' },
      }));
      await new EventStore(dataSource).append(incidents);
      const store = await metric(monitor.url, 'ceasefire_event_store_position');
      await waitFor(
        () => metric(monitor.url, 'ceasefire_projection_position'),
        (position) => position >= store,
        10_000,
        'the projection to catch up',
      );
      const health = await waitFor(
        () => json(`${monitor.url}/health`),
        (r) => r.body.components.readHorizon?.detail?.startsWith(`pid ${other.pid} `),
        10_000,
        'the blocker in /health',
      );
      expect(health.body.status).toBe('degraded');
      expect(await metric(monitor.url, 'ceasefire_projection_blocked_seconds')).toBeGreaterThanOrEqual(MAX_BLOCK_MS / 1000);
      expect(await (await fetch(`${monitor.url}/metrics`)).text()).toMatch(/^ceasefire_bucket_log_rows \d+$/m);
    } finally {
      await other.client.end();
      await dataSource.destroy();
    }
  });
});
