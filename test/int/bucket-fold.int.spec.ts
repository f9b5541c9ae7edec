import { DataSource, QueryRunner } from 'typeorm';
import { join } from 'node:path';
import { loadAccordsDir } from '../../src/accords/accord-files';
import { Accord } from '../../src/accords/accord.types';
import { openDatabase } from '../../src/database/data-source';
import { EventStore } from '../../src/event-store/event-store';
import { createLogger } from '../../src/observability/logger';
import { toEvent } from '../../src/observations/observation-event';
import { validateObservation } from '../../src/observations/validate';
import { foldBucketLog } from '../../src/projections/bucket-fold';
import { BUCKET_SUMS } from '../../src/projections/bucket-queries';
import { ProjectionEngine } from '../../src/projections/projection-engine';
import { rebuildProjections } from '../../src/projections/rebuild';
import { ComplianceReader } from '../../src/read-model/compliance.reader';
import { createTestDatabase } from '../support/database';
import { catchUpAll, snapshotProjections } from '../support/projections';
import { syntheticIncidents } from '../support/synthetic';

const clock = { now: () => new Date('2026-11-25T12:00:00Z') };
const logger = createLogger('silent');

/** Incidents each sent in three revisions with other casualty counts: three log rows for most buckets. */
const incidents = (seed: number, prefix: string) =>
  [1, 2, 3].flatMap((revision) =>
    syntheticIncidents({ count: 600, seed, from: '2019-06-01', days: 400, prefix }).map((item) => {
      const result = validateObservation({ ...item, revision, killed: { civilians: revision } }, clock.now());
      if (!result.ok) throw new Error(`bad fixture: ${JSON.stringify(result.errors)}`);
      return toEvent(result.observation);
    }),
  );

describe('bucket log fold', () => {
  let db: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;
  let runner: QueryRunner;
  let folder: QueryRunner;
  let store: EventStore;
  let accord: Accord;

  /** Appends in small batches, each projected at once, as a live monitor logs them: many rows per bucket. */
  async function appendLive(events: ReturnType<typeof incidents>, engine = new ProjectionEngine(store, clock, logger, 'copy')) {
    for (let i = 0; i < events.length; i += 100) {
      await store.append(events.slice(i, i + 100));
      await catchUpAll(engine, runner, 100);
    }
  }

  /** What the readers answer: every bucket summed, the compliance report, a window series per commitment. */
  async function answers() {
    const reader = new ComplianceReader(dataSource);
    const report = (await reader.report(accord.id, '2020-06-30', () => '2026-11-25'))!.bytes.toString();
    const windows = [];
    for (const c of accord.commitments) {
      windows.push(
        await reader.windows(accord, { metric: c.metric, days: 30, from: '2020-01-01', to: '2020-06-30', filter: {}, within: c.filter }),
      );
    }
    return { projections: await snapshotProjections(dataSource), report, windows };
  }

  const rows = async () => {
    const [counts] = await dataSource.query(
      `SELECT (SELECT count(*)::int FROM buckets) AS log, (SELECT count(*)::int FROM bucket_totals) AS totals, (SELECT count(*)::int FROM (${BUCKET_SUMS}) AS b) AS buckets`,
    );
    return counts as { log: number; totals: number; buckets: number };
  };

  const foldAll = async (perPass: number) => {
    while ((await foldBucketLog(folder, perPass)) > 0);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await openDatabase(db.url, 4);
    store = new EventStore(dataSource);
    runner = dataSource.createQueryRunner();
    folder = dataSource.createQueryRunner();
    await Promise.all([runner.connect(), folder.connect()]);
    [accord] = (await loadAccordsDir(join(__dirname, '../../accords'))).accords;
    await store.append([{ type: 'accord.defined', stream: '~accord', key: accord.id, revision: 1, data: accord }]);
    await appendLive(incidents(3, 'a'));
  });

  afterAll(async () => {
    await runner?.release();
    await folder?.release();
    await dataSource?.destroy();
    await db?.drop();
  });

  it('folds the log into one row per bucket and changes no reader’s answer', async () => {
    const before = await answers();
    const logged = await rows();
    expect(logged.log).toBeGreaterThan(logged.buckets * 2);
    await foldAll(700);
    expect(await answers()).toEqual(before);
    const folded = await rows();
    expect(folded.log).toBe(0);
    expect(folded.totals).toBeLessThanOrEqual(logged.buckets * 1.1); // buckets that came to zero keep a row
  });

  it('gives a rebuild’s answers while the projector appends, and while a rebuild truncates and refills, under the fold', async () => {
    let folding = true;
    let movedMeanwhile = 0;
    const fold = (async () => {
      while (folding) {
        const moved = await foldBucketLog(folder, 300);
        movedMeanwhile += moved;
        if (moved === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    try {
      await appendLive(incidents(5, 'b'));
      await rebuildProjections(runner, new ProjectionEngine(store, clock, logger, 'copy'), { batchSize: 200 });
      await appendLive(incidents(9, 'c'));
    } finally {
      folding = false;
      await fold;
    }
    expect(movedMeanwhile).toBeGreaterThan(1000);
    await foldAll(700);
    const folded = await answers();
    const { log, totals, buckets } = await rows();
    expect(log).toBe(0);
    expect(totals).toBeLessThanOrEqual(buckets * 1.1);
    await rebuildProjections(runner, new ProjectionEngine(store, clock, logger, 'copy'), { batchSize: 1000 });
    expect((await rows()).totals).toBe(0);
    expect(await answers()).toEqual(folded);
  });
});
