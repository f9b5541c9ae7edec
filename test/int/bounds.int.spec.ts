import { join } from 'node:path';
import { DataSource, QueryRunner } from 'typeorm';
import { loadAccordsDir } from '../../src/accords/accord-files';
import { Accord } from '../../src/accords/accord.types';
import { openDatabase } from '../../src/database/data-source';
import { SEED_OBSERVATIONS } from '../../src/demo/seed-report';
import { EventStore } from '../../src/event-store/event-store';
import { createLogger } from '../../src/observability/logger';
import { toEvent } from '../../src/observations/observation-event';
import { validateObservation } from '../../src/observations/validate';
import { ProjectionEngine } from '../../src/projections/projection-engine';
import { rebuildProjections } from '../../src/projections/rebuild';
import { ComplianceReader } from '../../src/read-model/compliance.reader';
import { createTestDatabase } from '../support/database';
import { catchUpAll } from '../support/projections';

const clock = { now: () => new Date('2026-11-25T12:00:00Z') };
const logger = createLogger('silent');
const fail = (errors: unknown): never => {
  throw new Error(`bad fixture: ${JSON.stringify(errors)}`);
};
const ACLED = { type: 'incident', source: 'acled', category: 'attack', actor: 'taliban', placePrecision: 'region' };

/**
 * CONTRACT section 9 on the stored projections: the seed's exact figures are certain, ACLED-style
 * ranged incidents make entries uncertain, and bounds read at query time survive a rebuild.
 */
describe('bounds in the compliance report', () => {
  let db: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;
  let runner: QueryRunner;
  let store: EventStore;
  let accord: Accord;

  const append = async (raw: unknown[]) => {
    const valid = raw.map((item) => validateObservation(item, clock.now()));
    await store.append(valid.map((result) => toEvent(result.ok ? result.observation : fail(result.errors))));
    const live = new ProjectionEngine(store, clock, logger, 'copy');
    await live.load(runner.manager);
    await catchUpAll(live, runner, 100);
  };
  const report = async () =>
    JSON.parse((await new ComplianceReader(dataSource).report(accord.id, undefined, () => '2026-11-25'))!.bytes.toString());
  const entry = (r: any, commitment: string, source: string) =>
    r.commitments.find((c: any) => c.id === commitment).sources.find((e: any) => e.source === source);

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await openDatabase(db.url, 4);
    store = new EventStore(dataSource);
    runner = dataSource.createQueryRunner();
    await runner.connect();
    [accord] = (await loadAccordsDir(join(__dirname, '../../accords'))).accords;
    await store.append([{ type: 'accord.defined' as const, stream: '~accord', key: accord.id, revision: 1, data: accord }]);
    await append(SEED_OBSERVATIONS);
  });

  afterAll(async () => {
    await runner?.release();
    await dataSource?.destroy();
    await db?.drop();
  });

  it('finds every entry and every commitment of the seed demo certain, its bounds the best figures', async () => {
    const seed = await report();
    expect(seed.asOf).toBe('2020-04-15');
    for (const commitment of seed.commitments) {
      expect(commitment.certain).toBe(true);
      for (const e of commitment.sources) {
        expect(e.certain).toBe(true);
        if (e.basis === 'incidents')
          expect(e.bounds).toMatchObject({ low: { value: e.value, verdict: e.verdict }, high: { value: e.value, verdict: e.verdict } });
      }
    }
    expect(entry(seed, 'prisoner-release', 'afghan-government')).toMatchObject({ projectedShortfall: 5000 - 361 });
  });

  it('shows an ACLED week straddling the prohibition window as breached at the high estimate only, in the report and its windows', async () => {
    await append([
      { ...ACLED, id: 'AFG1', occurredAt: '2020-03-16', target: 'us-forces', dateRange: { from: '2020-03-15', to: '2020-03-21' } },
      { ...ACLED, id: 'AFG2', occurredAt: '2020-02-10', target: 'afghan-forces', dateRange: { from: '2020-02-01', to: '2020-02-29' } },
    ]);
    const uncertain = await report();
    const commitment = uncertain.commitments.find((c: any) => c.id === 'no-attacks-on-us-forces');
    expect(commitment.certain).toBe(false);
    expect(entry(uncertain, 'no-attacks-on-us-forces', 'acled')).toMatchObject({
      verdict: 'compliant',
      value: 0,
      certain: false,
      bounds: { low: { value: 0, verdict: 'compliant' }, high: { value: 1, verdict: 'breached' } },
    });
    const { points } = await new ComplianceReader(dataSource).windows(accord, {
      metric: 'attacks',
      days: 30,
      from: '2020-04-10',
      to: '2020-04-15',
      filter: {},
      within: accord.commitments.find((c) => c.id === 'no-attacks-on-us-forces')!.filter,
    });
    expect(points[0]).toMatchObject({ date: '2020-04-10', value: 1, low: 1, high: 1 });
    expect(points[5]).toMatchObject({ date: '2020-04-15', value: 0, low: 0, high: 1 });
  });

  it.each([1000, 7])('gives the same report after a rebuild in batches of %i, bounds included', async (batchSize) => {
    const live = await report();
    expect(live.commitments.some((c: any) => !c.certain)).toBe(true);
    await rebuildProjections(runner, new ProjectionEngine(store, clock, logger, 'copy'), { batchSize });
    expect(await report()).toEqual(live);
  });
});
