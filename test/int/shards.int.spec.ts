import { DataSource, QueryRunner } from 'typeorm';
import { join } from 'node:path';
import { loadAccordsDir } from '../../src/accords/accord-files';
import { Accord } from '../../src/accords/accord.types';
import { openDatabase } from '../../src/database/data-source';
import { EventStore } from '../../src/event-store/event-store';
import { NewEvent } from '../../src/event-store/event.types';
import { createLogger } from '../../src/observability/logger';
import { toEvent } from '../../src/observations/observation-event';
import { validateObservation } from '../../src/observations/validate';
import { foldBucketLog } from '../../src/projections/bucket-fold';
import { ProjectionEngine } from '../../src/projections/projection-engine';
import { adoptShardLayout } from '../../src/projections/shard-layout';
import { shardOf } from '../../src/projections/shards';
import { createTestDatabase } from '../support/database';
import { diffSnapshots, rebuildNow, snapshotProjections } from '../support/projections';
import { rng, syntheticIncidents } from '../support/synthetic';

const clock = { now: () => new Date('2026-11-25T12:00:00Z') };
const logger = createLogger('silent');
const SHARDS = 3;
const ZONES = ['Asia/Kabul', 'Asia/Kathmandu', 'Europe/Kyiv', 'Pacific/Chatham', 'America/Bogota', 'America/St_Johns'];

/** Accord ids, two per shard, so every shard has accords of its own (shardOf is fixed, so this list is too). */
function idsPerShard(perShard: number): string[] {
  const ids: string[] = [];
  const taken = new Array(SHARDS).fill(0);
  for (let i = 0; ids.length < perShard * SHARDS; i++) {
    const id = `accord-${i}`;
    if (taken[shardOf(id, SHARDS)]++ < perShard) ids.push(id);
  }
  return ids;
}

const observations = (items: Record<string, unknown>[]) =>
  items.map((item) => {
    const result = validateObservation(item, clock.now());
    if (!result.ok) throw new Error(`bad fixture: ${JSON.stringify(result.errors)}`);
    return toEvent(result.observation);
  });

/**
 * Three shards projecting live, each at its own pace, against one engine replaying the same
 * store: accords defined before and amid the incidents (one in a zone no accord used, whose
 * buckets are backfilled), one retired and defined again, an alert acknowledged, claims,
 * revisions and retractions; the fold running while a follower lags, and every engine
 * dropped and reloaded from the database now and then, as a takeover does.
 */
describe('projector shards', () => {
  let db: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;
  let store: EventStore;
  const runners: QueryRunner[] = [];
  let engines: ProjectionEngine[];
  let seed: Accord;
  const ids = idsPerShard(2);
  const random = rng(5);
  /** the most log rows a fold pass left for a follower that had not read them yet */
  let heldBack = 0;
  const fresh = (index: number) => new ProjectionEngine(store, clock, logger, 'copy', { index, count: SHARDS });
  /** Each shard a few steps, some not at all, so followers fall behind and catch up. */
  const step = async () => {
    for (let index = 0; index < SHARDS; index++) {
      if (random() < 0.15) engines[index] = fresh(index); // as after a takeover: everything from the database
      const steps = Math.floor(random() * 3);
      for (let i = 0; i < steps; i++) await engines[index].catchUp(runners[index], null, 400, { batches: 1 });
    }
  };
  const define = (accord: Accord, revision: number): NewEvent => ({
    type: 'accord.defined',
    stream: '~accord',
    key: accord.id,
    revision,
    data: accord,
  });
  const accordAt = (i: number): Accord => ({ ...seed, id: ids[i], timezone: ZONES[i % ZONES.length] });

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await openDatabase(db.url, 6);
    store = new EventStore(dataSource);
    for (let i = 0; i < SHARDS; i++) runners.push(await dataSource.createQueryRunner());
    for (const runner of runners) await runner.connect();
    seed = (await loadAccordsDir(join(__dirname, '../../accords'))).accords[0];
    await adoptShardLayout(dataSource, SHARDS);
    engines = Array.from({ length: SHARDS }, (_, i) => fresh(i));

    const base = syntheticIncidents({ count: 3000, seed: 3, from: '2019-01-01', days: 560 });
    const items: Record<string, unknown>[] = [...base];
    for (const incident of base.slice(0, 300)) items.push({ ...incident, revision: 2, category: 'attack', killed: { security_forces: 2 } });
    for (const incident of base.slice(250, 400))
      items.push({ type: 'retraction', id: incident.id, source: incident.source, reason: 'duplicate' });
    items.push({
      type: 'aggregate',
      id: 'claim-1',
      source: 'taliban',
      metric: 'attacks',
      filter: { actor: 'taliban' },
      period: { from: '2020-03-01', to: '2020-04-15' },
      value: 537,
      baseline: { changePct: -54.7 },
    });
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    const events = observations(items);

    await store.append([0, 1, 2].map((i) => define(accordAt(i), 1)));
    const chunk = 300;
    for (let at = 0, round = 0; at < events.length; at += chunk, round++) {
      await store.append(events.slice(at, at + chunk));
      if (round === 3) await store.append([define(accordAt(3), 1), define(accordAt(4), 1)]); // 4: a new zone
      if (round === 5) await store.append([{ type: 'accord.retired', stream: '~accord', key: ids[1], revision: 2, data: { id: ids[1] } }]);
      if (round === 7) await store.append([define(accordAt(1), 3), define(accordAt(5), 1)]);
      if (round === 8) {
        const [alert] = await dataSource.query(`SELECT id, accord_id FROM alerts ORDER BY id LIMIT 1`);
        if (alert)
          await store.append([
            {
              type: 'alert.acknowledged',
              stream: '~ack',
              key: alert.id,
              revision: 1,
              data: { alertId: alert.id, accordId: alert.accord_id, by: 'duty-officer', at: '2026-11-25T12:00:00Z' },
            },
          ]);
      }
      await step();
      if (round % 2 === 1) {
        await foldBucketLog(runners[0]);
        const [{ kept }] = await dataSource.query(
          `SELECT count(*)::int AS kept FROM buckets WHERE batch > (SELECT min(seq) FROM checkpoints WHERE name LIKE 'projector%')`,
        );
        heldBack = Math.max(heldBack, kept);
      }
    }
    // caught up: shard 0 to the end of the store, then each follower to shard 0's last boundary
    while ((await engines[0].catchUp(runners[0], null, 400)) > 0);
    for (let index = 1; index < SHARDS; index++) while ((await engines[index].catchUp(runners[index], null, 400)) > 0);
  });

  afterAll(async () => {
    for (const runner of runners) await runner.release();
    await dataSource?.destroy();
    await db?.drop();
  });

  it('gives every shard accords of its own, and leaves them at shard 0 boundary', async () => {
    const rows = await dataSource.query(`SELECT name, seq::int FROM checkpoints WHERE name LIKE 'projector%' ORDER BY name`);
    expect(rows.map((r: { name: string }) => r.name)).toEqual(['projector', 'projector/1', 'projector/2']);
    expect(new Set(rows.map((r: { seq: number }) => r.seq)).size).toBe(1);
    expect(rows[0].seq).toBeGreaterThan(10);
    const owners = new Set((await dataSource.query(`SELECT id FROM accords`)).map((r: { id: string }) => shardOf(r.id, SHARDS)));
    expect(owners).toEqual(new Set([0, 1, 2]));
    const [{ acked }] = await dataSource.query(`SELECT count(*)::int AS acked FROM alerts WHERE body->>'acknowledgedBy' = 'duty-officer'`);
    expect(acked).toBe(1);
    expect(heldBack).toBeGreaterThan(0);
  });

  it('ends equal to one engine replaying the store', async () => {
    const live = await snapshotProjections(dataSource);
    expect(live.verdict_keys.length).toBeGreaterThan(50);
    expect(live.accords).toHaveLength(6);
    await rebuildNow(dataSource);
    expect(diffSnapshots(live, await snapshotProjections(dataSource))).toEqual({});
  });
});

describe('projector shard layout', () => {
  let db: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;
  const stored = async () =>
    dataSource.query(
      `SELECT name, position::int, seq::int FROM checkpoints WHERE name = 'projector' OR name LIKE 'projector/%' ORDER BY name`,
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await openDatabase(db.url, 2);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('gives every shard a checkpoint before any runs, so the fold knows of each', async () => {
    await adoptShardLayout(dataSource, 3);
    expect(await stored()).toEqual([
      { name: 'projector', position: 0, seq: 0 },
      { name: 'projector/1', position: 0, seq: 0 },
      { name: 'projector/2', position: 0, seq: 0 },
    ]);
  });

  it('takes another shard count over where every shard stands at one place, as one projector always does', async () => {
    await dataSource.query(`UPDATE checkpoints SET tx_id = '7', position = 40, max_position = 40, seq = 9`);
    await adoptShardLayout(dataSource, 2);
    expect(await stored()).toEqual([
      { name: 'projector', position: 40, seq: 9 },
      { name: 'projector/1', position: 40, seq: 9 },
    ]);
    await dataSource.query(`DELETE FROM checkpoints WHERE name = 'projector/1'`);
    await adoptShardLayout(dataSource, 3);
    expect((await stored()).map((r: { position: number }) => r.position)).toEqual([40, 40, 40]);
  });

  it('refuses, naming PROJECTOR_SHARDS, a count that would move accords between shards at different positions', async () => {
    await dataSource.query(`UPDATE checkpoints SET position = 30, seq = 8 WHERE name = 'projector/2'`);
    await expect(adoptShardLayout(dataSource, 2)).rejects.toThrow(
      /^invalid configuration: PROJECTOR_SHARDS 2 differs from the 3 shards the projections were built with, which stand at different positions; start with PROJECTOR_SHARDS=3 or run `ceasefire-monitor rebuild`$/,
    );
    await adoptShardLayout(dataSource, 3); // the count they were built with runs on
    expect((await stored()).map((r: { position: number }) => r.position)).toEqual([40, 40, 30]);
  });
});
