import { DataSource } from 'typeorm';
import { openDatabase } from '../../src/database/data-source';
import { createTestDatabase } from '../support/database';

/** Every migration goes down and up again on a real database, with what each one moves checked. */
describe('migrations', () => {
  let db: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;
  const tables = async () =>
    (await dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).map(
      (r: { tablename: string }) => r.tablename,
    );
  /** Undoes migrations, newest first, through the named one: those added after it come and go too. */
  const undoThrough = async (name: string) => {
    for (let undone = ''; undone !== name; ) {
      [{ name: undone }] = await dataSource.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`);
      await dataSource.undoLastMigration({ transaction: 'each' });
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await openDatabase(db.url, 2);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('going down, logs the rows of every zone in each accord zone; going up, empties the projections for a replay', async () => {
    const row = (tz: string, admin1: string) =>
      dataSource.query(
        `INSERT INTO buckets (tz, day, source, actor, target, category, country, admin1, incidents, groups)
         VALUES ($1, '2020-03-02', 'reuters', 'taliban', 'afghan-forces', 'attack', 'AF', $2, 1, '{"killed.civilians": 1}')`,
        [tz, admin1],
      );
    const accord = (id: string, timezone: string) =>
      dataSource.query(`INSERT INTO accords (id, revision, document, defined_at) VALUES ($1, 1, $2, now())`, [
        id,
        JSON.stringify({ id, timezone }),
      ]);
    await accord('a', 'Asia/Kabul');
    await accord('b', 'Asia/Kathmandu');
    await accord('c', 'Asia/Kabul');
    await row('*', 'Kabul');
    await row('Asia/Kabul', 'Herat');
    await undoThrough('BucketAnyZone1764050000040');
    const rows = await dataSource.query(`SELECT tz, admin1, incidents, groups FROM buckets ORDER BY tz, admin1`);
    expect(rows).toEqual([
      { tz: 'Asia/Kabul', admin1: 'Herat', incidents: 1, groups: { 'killed.civilians': 1 } },
      { tz: 'Asia/Kabul', admin1: 'Kabul', incidents: 1, groups: { 'killed.civilians': 1 } },
      { tz: 'Asia/Kathmandu', admin1: 'Kabul', incidents: 1, groups: { 'killed.civilians': 1 } },
    ]);
    await dataSource.query(
      `INSERT INTO checkpoints (name, tx_id, position, max_position, updated_at) VALUES ('projector', '5', 9, 9, now()), ('relay', '5', 9, 9, now())`,
    );
    await dataSource.runMigrations({ transaction: 'each' });
    expect(
      await dataSource.query(`SELECT (SELECT count(*)::int FROM buckets) AS buckets, (SELECT count(*)::int FROM accords) AS accords`),
    ).toEqual([{ buckets: 0, accords: 0 }]);
    expect((await dataSource.query(`SELECT name FROM checkpoints ORDER BY name`)).map((r: { name: string }) => r.name)).toEqual(['relay']);
    await dataSource.query(`DELETE FROM checkpoints`);
  });

  it('puts the folded bucket totals back into the log going down, and drops the read horizon with its fence', async () => {
    const row = (table: string, admin1: string, incidents: number) =>
      dataSource.query(
        `INSERT INTO ${table} (tz, day, source, actor, target, category, country, admin1, incidents, groups)
         VALUES ('Asia/Kabul', '2020-03-02', 'reuters', 'taliban', 'afghan-forces', 'attack', 'AF', $1, $2, '{}')`,
        [admin1, incidents],
      );
    await row('bucket_totals', 'Kabul', 3);
    await row('buckets', 'Kabul', 1);
    await undoThrough('ReadHorizon1764050000020');
    expect(await tables()).not.toContain('bucket_totals');
    const [{ kabul }] = await dataSource.query(`SELECT sum(incidents)::int AS kabul FROM buckets WHERE admin1 = 'Kabul'`);
    expect(kabul).toBe(4);
    expect(await dataSource.query(`SELECT proname FROM pg_proc WHERE proname LIKE 'events_%' ORDER BY 1`)).toEqual([
      { proname: 'events_append_only' },
    ]);
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.query(`TRUNCATE buckets`);
  });

  it('folds the bucket log into one row per bucket going down, so its key holds again; going up drops the key', async () => {
    await undoThrough('BucketAnyZone1764050000040'); // the rows of every zone
    const bucket = (admin1: string, incidents: number, groups: Record<string, number>) =>
      dataSource.query(
        `INSERT INTO buckets (tz, day, source, actor, target, category, country, admin1, incidents, groups)
         VALUES ('Asia/Kabul', '2020-03-02', 'reuters', 'taliban', 'afghan-forces', 'attack', 'AF', $1, $2, $3)`,
        [admin1, incidents, JSON.stringify(groups)],
      );
    await bucket('Kabul', 1, { 'killed.civilians': 1 });
    await bucket('Kabul', 2, { 'killed.civilians': 2, 'wounded.civilians': 1 });
    await bucket('Herat', 1, {});
    await bucket('Herat', -1, {}); // retracted: a bucket that sums to nothing
    await bucket('Helmand', 4, {});
    await undoThrough('BucketLog1764050000003');
    const rows = await dataSource.query(`SELECT admin1, incidents, groups FROM buckets ORDER BY admin1`);
    expect(rows).toEqual([
      { admin1: 'Helmand', incidents: 4, groups: {} },
      { admin1: 'Kabul', incidents: 3, groups: { 'killed.civilians': 3, 'wounded.civilians': 1 } },
    ]);
    await expect(bucket('Kabul', 1, {})).rejects.toThrow(/duplicate key/);
    await dataSource.runMigrations({ transaction: 'each' }); // and the replay the rows of every zone ask for empties them
    await bucket('Kabul', 1, {});
    await bucket('Kabul', 1, {});
    const [{ kabul }] = await dataSource.query(`SELECT sum(incidents)::int AS kabul FROM buckets WHERE admin1 = 'Kabul'`);
    expect(kabul).toBe(2);
    await dataSource.query(`TRUNCATE buckets`);
  });

  it('going down, splits each row labelled with several zones into a row of each zone on its day, folded or logged', async () => {
    const row = (table: string, tz: string, incidents: number, batch = '') =>
      dataSource.query(
        `INSERT INTO ${table} (tz, day, source, actor, target, category, country, admin1, incidents, groups${batch && ', batch'})
         VALUES ($1, '2020-03-02', 'reuters', 'taliban', 'afghan-forces', 'attack', 'AF', 'Kabul', $2, '{"killed.civilians": 1}'${batch && ', ' + batch})`,
        [tz, incidents],
      );
    await row('bucket_totals', ';Asia/Kabul;Asia/Tokyo', 2);
    await row('bucket_totals', 'Asia/Kabul', 5);
    await row('buckets', 'America/Bogota;Asia/Kabul,Europe/Kyiv;', 1, '7');
    await row('buckets', '*', 3, '7');
    await undoThrough('BucketZoneGroups1764050000060');
    const logged = await dataSource.query(
      `SELECT tz, to_char(day, 'YYYY-MM-DD') AS day, incidents, batch::int, groups FROM buckets ORDER BY tz, batch`,
    );
    const civilian = { 'killed.civilians': 1 };
    expect(logged).toEqual([
      { tz: '*', day: '2020-03-02', incidents: 3, batch: 7, groups: civilian },
      { tz: 'America/Bogota', day: '2020-03-01', incidents: 1, batch: 7, groups: civilian },
      { tz: 'Asia/Kabul', day: '2020-03-02', incidents: 2, batch: 0, groups: civilian },
      { tz: 'Asia/Kabul', day: '2020-03-02', incidents: 1, batch: 7, groups: civilian },
      { tz: 'Asia/Tokyo', day: '2020-03-03', incidents: 2, batch: 0, groups: civilian },
      { tz: 'Europe/Kyiv', day: '2020-03-02', incidents: 1, batch: 7, groups: civilian },
    ]);
    expect(await dataSource.query(`SELECT tz, incidents FROM bucket_totals`)).toEqual([{ tz: 'Asia/Kabul', incidents: 5 }]);
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.query(`TRUNCATE buckets, bucket_totals`);
  });

  it('going up, splits each row of the zones sharing a local day into a row of each zone on that day, folded or logged', async () => {
    await undoThrough('BucketLocalDayGroups1764050000070');
    const row = (table: string, tz: string, incidents: number, batch = '') =>
      dataSource.query(
        `INSERT INTO ${table} (tz, day, source, actor, target, category, country, admin1, incidents, groups${batch && ', batch'})
         VALUES ($1, '2020-03-02', 'reuters', 'taliban', 'afghan-forces', 'attack', 'AF', 'Kabul', 1, $2${batch && ', ' + batch})`,
        [tz, { 'killed.civilians': incidents }],
      );
    await row('bucket_totals', 'Asia/Kabul,Asia/Tokyo', 2);
    await row('buckets', 'Asia/Kabul,Europe/Kyiv', 3, '7');
    await row('buckets', ';Asia/Kabul,Europe/Kyiv;', 4, '7');
    await dataSource.runMigrations({ transaction: 'each' });
    const logged = await dataSource.query(
      `SELECT tz, to_char(day, 'YYYY-MM-DD') AS day, groups, batch::int FROM buckets ORDER BY tz, batch, groups::text`,
    );
    const day = '2020-03-02';
    expect(logged).toEqual([
      { tz: ';Asia/Kabul,Europe/Kyiv;', day, groups: { 'killed.civilians': 4 }, batch: 7 },
      { tz: 'Asia/Kabul', day, groups: { 'killed.civilians': 2 }, batch: 0 },
      { tz: 'Asia/Kabul', day, groups: { 'killed.civilians': 3 }, batch: 7 },
      { tz: 'Asia/Tokyo', day, groups: { 'killed.civilians': 2 }, batch: 0 },
      { tz: 'Europe/Kyiv', day, groups: { 'killed.civilians': 3 }, batch: 7 },
    ]);
    expect(await dataSource.query(`SELECT tz FROM bucket_totals`)).toEqual([]);
    await dataSource.query(`TRUNCATE buckets, bucket_totals`);
  });

  it('going up, labels the bucket log rows and keeps the zones instants are bucketed in; going down drops what the shards need', async () => {
    await undoThrough('ProjectorShards1764050000050');
    await dataSource.query(
      `INSERT INTO buckets (tz, day, source, actor, target, category, country, admin1, incidents, groups)
       VALUES ('Asia/Kabul', '2020-03-02', 'reuters', 'taliban', 'afghan-forces', 'attack', 'AF', 'Kabul', 1, '{}'),
              ('*', '2020-03-02', 'reuters', 'taliban', 'afghan-forces', 'attack', 'AF', 'Kabul', 1, '{}')`,
    );
    await dataSource.query(`INSERT INTO accords (id, revision, document, defined_at) VALUES ('a', 1, $1, now())`, [
      JSON.stringify({ id: 'a', timezone: 'Europe/Kyiv' }),
    ]);
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await dataSource.query(`SELECT tz FROM bucket_zones ORDER BY tz`)).toEqual([{ tz: 'Asia/Kabul' }, { tz: 'Europe/Kyiv' }]);
    expect(await dataSource.query(`SELECT DISTINCT batch::int FROM buckets`)).toEqual([{ batch: 0 }]);
    await dataSource.query(
      `INSERT INTO checkpoints (name, tx_id, position, max_position, updated_at) VALUES ('projector', '5', 9, 9, now()), ('projector/1', '5', 9, 9, now())`,
    );
    await undoThrough('ProjectorShards1764050000050');
    expect(await tables()).not.toContain('projection_batches');
    expect((await dataSource.query(`SELECT name FROM checkpoints ORDER BY name`)).map((r: { name: string }) => r.name)).toEqual([
      'projector',
    ]);
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.query(`TRUNCATE buckets, accords, bucket_zones, checkpoints`);
  });

  it('drops observation_heads going up, and going down brings it back with the projector set to replay', async () => {
    expect(await tables()).not.toContain('observation_heads');
    await dataSource.query(
      `INSERT INTO checkpoints (name, tx_id, position, max_position, updated_at) VALUES ('projector', '5', 9, 9, now()), ('relay', '5', 9, 9, now())`,
    );
    await undoThrough('HeadsFromEvents1764050000002');
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

  it('lets instances started together on a new database migrate it once, each waiting for the one before', async () => {
    const fresh = await createTestDatabase();
    try {
      const opened = await Promise.all([1, 2, 3].map(() => openDatabase(fresh.url, 2)));
      const [{ count }] = await opened[0].query(`SELECT count(*)::int AS count FROM migrations`);
      expect(count).toBe(opened[0].migrations.length);
      await Promise.all(opened.map((each) => each.destroy()));
    } finally {
      await fresh.drop();
    }
  });
});
