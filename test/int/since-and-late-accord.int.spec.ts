import { join } from 'node:path';
import { loadAccordsDir } from '../../src/accords/accord-files';
import { Accord } from '../../src/accords/accord.types';
import { ComplianceReader } from '../../src/read-model/compliance.reader';
import { EventStore } from '../../src/event-store/event-store';
import { createLogger } from '../../src/observability/logger';
import { toEvent } from '../../src/observations/observation-event';
import { validateObservation } from '../../src/observations/validate';
import { ProjectionEngine } from '../../src/projections/projection-engine';
import { rebuildProjections } from '../../src/projections/rebuild';
import { openTestStore, TestStore } from '../support/database';
import { catchUpAll, snapshotProjections as snapshot } from '../support/projections';

const clock = { now: () => new Date('2026-11-25T12:00:00Z') };
const logger = createLogger('silent');
const EARLY = 'us-taliban-2020'; // defined before its data
const LATE = 'us-taliban-2020-late'; // the same document, defined after its data

const incident = (id: string, occurredAt: string, target: string) => {
  const result = validateObservation(
    { type: 'incident', id, source: 'unama', occurredAt, category: 'attack', actor: 'taliban', target },
    clock.now(),
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return toEvent(result.observation);
};

/** A history imported newest first, one batch per day: attacks on US forces from 5 March 2020, the last incident on 15 April. */
const HISTORY = [
  [incident('h-4', '2020-04-15T08:00:00Z', 'civilians')],
  [incident('h-3', '2020-04-10T08:00:00Z', 'us-forces')],
  [incident('h-2', '2020-03-20T08:00:00Z', 'us-forces')],
  [incident('h-1', '2020-03-05T08:00:00Z', 'us-forces')],
];

describe('since, and an accord defined after its data', () => {
  let store: TestStore;
  let events: EventStore;
  let accord: Accord;
  const project = async () => {
    await catchUpAll(new ProjectionEngine(events, clock, logger, 'copy'), store.runner, 1000);
  };
  const define = (id: string) =>
    events.append([{ type: 'accord.defined', stream: '~accord', key: id, revision: 1, data: { ...accord, id } }]);
  const alert = async (id: string) => {
    const rows = await store.dataSource.query(`SELECT raised_at::text AS "raisedAt", body FROM alerts WHERE key = $1`, [
      `${id}/no-attacks-on-us-forces/unama`,
    ]);
    return rows.map((r: { raisedAt: string; body: Record<string, unknown> }) => ({ raisedAt: r.raisedAt, ...r.body }));
  };
  const report = async (id: string) => {
    const body = await new ComplianceReader(store.dataSource).report(id, undefined, () => '2026-11-25');
    return JSON.parse(body!.bytes.toString()).commitments.find((c: { id: string }) => c.id === 'no-attacks-on-us-forces');
  };

  beforeAll(async () => {
    store = await openTestStore(2);
    events = new EventStore(store.dataSource);
    [accord] = (await loadAccordsDir(join(__dirname, '../../accords'))).accords;
    await define(EARLY);
    for (const batch of HISTORY) {
      await events.append(batch);
      await project();
    }
    await define(LATE);
    await project();
  });
  afterAll(() => store?.close());

  it('raises an alert of an accord defined first on the date the breach starts on the data, not on the date the data arrived', async () => {
    // 10 April is the first breach the monitor saw (its clock stood at 15 April); 5 March came later, within the same run
    expect(await alert(EARLY)).toEqual([expect.objectContaining({ state: 'firing', raisedAt: '2020-04-10', since: '2020-04-10' })]);
    const [feed] = await store.dataSource.query(
      `SELECT data FROM events WHERE type = 'verdict.changed' AND key = $1 ORDER BY revision LIMIT 1`,
      [`${EARLY}/no-attacks-on-us-forces/unama`],
    );
    expect(feed.data).toMatchObject({ verdict: 'breached', asOf: '2020-04-15', since: '2020-04-10' });
  });

  it('dates every source entry and overall verdict of the report on the data as they now stand', async () => {
    expect(await report(EARLY)).toMatchObject({
      verdict: 'breached',
      since: '2020-03-05',
      sources: [{ source: 'unama', verdict: 'breached', since: '2020-03-05' }],
    });
  });

  it('moves the clock of an accord defined after its data to the latest stored day, and raises its alerts dated by the data', async () => {
    const [{ as_of }] = await store.dataSource.query(`SELECT as_of::text FROM accords WHERE id = $1`, [LATE]);
    expect(as_of).toBe('2020-04-15');
    expect(await alert(LATE)).toEqual([expect.objectContaining({ state: 'firing', raisedAt: '2020-03-05', since: '2020-03-05' })]);
    expect(await report(LATE)).toMatchObject({ verdict: 'breached', since: '2020-03-05' });
  });

  it('gives the same projections rebuilt as live', async () => {
    const live = await snapshot(store.dataSource);
    await rebuildProjections(store.runner, new ProjectionEngine(events, clock, logger, 'copy'));
    expect(await snapshot(store.dataSource)).toEqual(live);
  });
});
