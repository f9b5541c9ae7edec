import { DataSource, QueryRunner } from 'typeorm';
import { join } from 'node:path';
import { loadAccordsDir } from '../../src/accords/accord-files';
import { parseAccord } from '../../src/accords/accord.schema';
import { openDatabase } from '../../src/database/data-source';
import { EventStore } from '../../src/event-store/event-store';
import { createLogger } from '../../src/observability/logger';
import { toEvent } from '../../src/observations/observation-event';
import { validateObservation } from '../../src/observations/validate';
import { Observation } from '../../src/observations/observation';
import { bucketSums, zoneRows } from '../../src/projections/bucket-queries';
import { ProjectionEngine } from '../../src/projections/projection-engine';
import { rebuildProjections } from '../../src/projections/rebuild';
import { createTestDatabase } from '../support/database';
import { snapshotProjections as snapshot } from '../support/projections';
import { rng, syntheticIncidents } from '../support/synthetic';

const clock = { now: () => new Date('2026-11-25T12:00:00Z') };
const logger = createLogger('silent');

/** Incidents with revisions, retractions, redeliveries and stale revisions, in a shuffled order. */
function stream(): Observation[] {
  const base = syntheticIncidents({ count: 2500, seed: 7, from: '2019-01-01', days: 560 });
  const random = rng(11);
  const raw: Record<string, unknown>[] = [...base];
  for (const incident of base.slice(0, 300))
    raw.push({ ...incident, revision: 2, category: 'attack', actor: 'taliban', killed: { security_forces: 2 } });
  for (const incident of base.slice(250, 400))
    raw.push({ type: 'retraction', id: incident.id, source: incident.source, reason: 'duplicate report' });
  for (const incident of base.slice(500, 800)) raw.push({ ...incident });
  for (let day = 0; day < 40; day++) {
    raw.push({
      type: 'incident',
      id: `release-${day}`,
      source: 'afghan-government',
      occurredAt: `2020-03-${String(1 + (day % 28)).padStart(2, '0')}`,
      category: 'prisoner_release',
      actor: 'afghan-government',
      prisonersReleased: 40,
    });
  }
  raw.push({
    type: 'aggregate',
    id: 'claim-1',
    source: 'taliban',
    metric: 'attacks',
    filter: { actor: 'taliban' },
    period: { from: '2020-03-01', to: '2020-04-15' },
    value: 537,
    baseline: { changePct: -54.7 },
  });
  for (let i = raw.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [raw[i], raw[j]] = [raw[j], raw[i]];
  }
  return raw.map((item) => {
    const result = validateObservation(item, clock.now());
    if (!result.ok) throw new Error(`bad fixture: ${JSON.stringify(result.errors)}`);
    return result.observation;
  });
}

describe('rebuild', () => {
  let db: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;
  let runner: QueryRunner;
  let reader: QueryRunner;
  let store: EventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await openDatabase(db.url, 4);
    store = new EventStore(dataSource);
    runner = dataSource.createQueryRunner();
    await runner.connect();
    reader = dataSource.createQueryRunner();
    await reader.connect();
    const { accords } = await loadAccordsDir(join(__dirname, '../../accords'));
    await store.append(
      accords.map((accord) => ({ type: 'accord.defined' as const, stream: '~accord', key: accord.id, revision: 1, data: accord })),
    );
    // Live: appends and projection interleaved, in uneven batches.
    const live = new ProjectionEngine(store, clock, logger, 'copy');
    const observations = stream();
    for (let i = 0; i < observations.length; i += 250) {
      await store.append(observations.slice(i, i + 250).map(toEvent));
      while ((await live.catchUp(runner, null, 300, { batches: 1 })) > 0);
    }
  });

  afterAll(async () => {
    await runner?.release();
    await reader?.release();
    await dataSource?.destroy();
    await db?.drop();
  });

  it('reproduces the live projections, every bucket and every row', async () => {
    const live = await snapshot(dataSource);
    expect(live.buckets.length).toBeGreaterThan(1000);
    expect(live.alerts.length).toBeGreaterThan(0);
    const projected = await rebuildProjections(runner, new ProjectionEngine(store, clock, logger, 'copy'), { batchSize: 1000 });
    // stale revisions and observations retracted before they arrived were never appended
    expect(projected).toBeGreaterThan(2500);
    expect(await snapshot(dataSource)).toEqual(live);
    // analyzed: TRUNCATE left the planner no row estimates (reltuples -1)
    const [{ reltuples, rows }] = await dataSource.query(
      `SELECT reltuples, (SELECT count(*)::int FROM buckets) AS rows FROM pg_class WHERE relname = 'buckets'`,
    );
    expect(reltuples).toBe(rows);
  });

  it.each([1000, 7])('reproduces them reading ahead on a second connection, in batches of %i', async (batch) => {
    const live = await snapshot(dataSource);
    const committed: number[] = [];
    const projected = await rebuildProjections(runner, new ProjectionEngine(store, clock, logger, 'copy'), {
      onProgress: (n) => committed.push(n),
      batchSize: batch,
      reader,
    });
    // small batches put revisions of one observation in the batch in flight and the next
    expect(await snapshot(dataSource)).toEqual(live);
    expect(committed[committed.length - 1]).toBe(projected);
    expect(committed.length).toBe(Math.ceil(projected / batch));
  });

  it('reproduces them loading rows as a JSON document, as on the embedded database (no COPY)', async () => {
    const live = await snapshot(dataSource);
    await rebuildProjections(runner, new ProjectionEngine(store, clock, logger, 'json'), { batchSize: 1000, reader });
    expect(await snapshot(dataSource)).toEqual(live);
  });

  it('commits each batch as it stood, while the next is worked out, and resumes from there', async () => {
    const live = await snapshot(dataSource);
    const stopAfter20 = async (ahead: QueryRunner | null) => {
      let commits = 0;
      const failing = rebuildProjections(runner, new ProjectionEngine(store, clock, logger, 'copy'), {
        onProgress: () => {
          if (++commits === 20) throw new Error('injected failure after the 20th commit');
        },
        batchSize: 50,
        reader: ahead,
      });
      await expect(failing).rejects.toThrow('injected failure');
      return snapshot(dataSource);
    };
    // The writer made slow, so the next batch is surely worked out before this one is written:
    // what the 20th commit holds is the same with or without the next batch in the works.
    const query = runner.query.bind(runner);
    runner.query = async (...args: Parameters<QueryRunner['query']>) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return query(...args);
    };
    const ahead = await stopAfter20(reader).finally(() => delete (runner as Partial<QueryRunner>).query);
    expect(ahead).toEqual(await stopAfter20(null));
    // a new projector, as after a restart, picks up from there
    const resumed = new ProjectionEngine(store, clock, logger, 'copy');
    await resumed.load(runner.manager);
    expect(Number(resumed.position!.position)).toBeGreaterThan(0);
    while ((await resumed.catchUp(runner, reader, 50)) > 0);
    expect(await snapshot(dataSource)).toEqual(live);
  });

  it('gives the same alert history replayed in batches of 1 as in batches of 1000', async () => {
    const transitions = async () =>
      dataSource.query(
        `SELECT key, revision, data FROM events WHERE type IN ('alert.transitioned', 'verdict.changed') ORDER BY key, revision`,
      );
    await rebuildProjections(runner, new ProjectionEngine(store, clock, logger, 'copy'), { batchSize: 1000 });
    const byThousand = await snapshot(dataSource);
    const history = await transitions();
    await rebuildProjections(runner, new ProjectionEngine(store, clock, logger, 'copy'), { batchSize: 1 });
    const byOne = await snapshot(dataSource);
    expect(byOne.alerts).toEqual(byThousand.alerts);
    expect(byOne.verdict_keys).toEqual(byThousand.verdict_keys);
    // Every transition derived again was already in the store: none new, none missing.
    expect(await transitions()).toEqual(history);
    expect(history.filter((t: { data: { transition?: number } }) => t.data.transition).length).toBeGreaterThan(0);
  });

  it('backfills the buckets of an accord in a new time zone from the current version of each observation', async () => {
    const [accord] = (await loadAccordsDir(join(__dirname, '../../accords'))).accords;
    await store.append([
      {
        type: 'accord.defined',
        stream: '~accord',
        key: 'in-new-york',
        revision: 1,
        data: { ...accord, id: 'in-new-york', timezone: 'America/New_York' },
      },
    ]);
    while ((await new ProjectionEngine(store, clock, logger, 'copy').catchUp(runner, null, 1000)) > 0);
    // Every incident falls on one day in each zone, so summed over days the zones agree; a
    // backfill that counted a superseded revision or a retracted incident would not.
    const inZone = (tz: string) => bucketSums(zoneRows(`'${tz}'`));
    const totals = (tz: string) =>
      dataSource.query(
        `SELECT source, actor, target, category, country, admin1, sum(incidents) AS incidents, sum(attacks) AS attacks, sum(killed) AS killed, sum(wounded) AS wounded
         FROM (${inZone(tz)}) AS b GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`,
      );
    const kabul = await totals('Asia/Kabul');
    expect(kabul.length).toBeGreaterThan(100);
    expect(await totals('America/New_York')).toEqual(kabul);
    const [{ moved }] = await dataSource.query(
      `SELECT count(*)::int AS moved FROM (SELECT day, source, actor, target, category, country, admin1, incidents FROM (${inZone('Asia/Kabul')}) k
       EXCEPT SELECT day, source, actor, target, category, country, admin1, incidents FROM (${inZone('America/New_York')}) n) d`,
    );
    expect(moved).toBeGreaterThan(100); // timestamped incidents near midnight change day
  });

  it('resolves, live and rebuilt alike, the alerts of a source whose evidence was retracted and of a commitment dropped from its accord', async () => {
    const define = (revision: number, commitmentIds: string[]) => {
      const commitments = [
        ['no-attacks', 'x-army'],
        ['no-raids', 'y-army'],
      ]
        .filter(([id]) => commitmentIds.includes(id))
        .map(([id, actor]) => ({
          id,
          kind: 'prohibition',
          metric: 'attacks',
          filter: { actor },
          window: { days: 7 },
          alerting: { keepFiringForDays: 30 },
        }));
      const parsed = parseAccord({
        id: 'withdrawals',
        name: 'Withdrawals',
        signedAt: '2021-01-01',
        timezone: 'UTC',
        parties: [],
        commitments,
      });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      return { type: 'accord.defined' as const, stream: '~accord', key: 'withdrawals', revision, data: parsed.accord };
    };
    const observe = (item: Record<string, unknown>) => {
      const result = validateObservation(item, clock.now());
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return toEvent(result.observation);
    };
    const attack = (id: string, source: string, actor: string, occurredAt: string) =>
      observe({ type: 'incident', id, source, occurredAt, category: 'attack', actor });
    for (const events of [
      [define(1, ['no-attacks', 'no-raids'])],
      [attack('wd-1', 'wd-a', 'x-army', '2021-01-04'), attack('wd-2', 'wd-b', 'y-army', '2021-01-05')],
      [observe({ type: 'retraction', id: 'wd-1', source: 'wd-a', reason: 'misattributed' })],
      [define(2, ['no-attacks'])],
    ]) {
      await store.append(events);
      while ((await new ProjectionEngine(store, clock, logger, 'copy').catchUp(runner, null, 1000)) > 0);
    }
    const states = async () =>
      Object.fromEntries(
        (await dataSource.query(`SELECT key, state, body->>'resolvedAt' AS "resolvedAt" FROM alerts WHERE accord_id = 'withdrawals'`)).map(
          (a: { key: string; state: string; resolvedAt: string | null }) => [a.key, [a.state, a.resolvedAt]],
        ),
      );
    expect(await states()).toEqual({
      'withdrawals/no-attacks/wd-a': ['resolved', '2021-01-05'],
      'withdrawals/no-attacks/*': ['firing', null], // insufficient_data does not resolve it
      'withdrawals/no-raids/wd-b': ['resolved', '2021-01-05'],
      'withdrawals/no-raids/*': ['resolved', '2021-01-05'],
    });
    const live = await snapshot(dataSource);
    await rebuildProjections(runner, new ProjectionEngine(store, clock, logger, 'copy'), { batchSize: 1000 });
    expect(await snapshot(dataSource)).toEqual(live);
  });
});
