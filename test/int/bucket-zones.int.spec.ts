import * as fc from 'fast-check';
import { DataSource, QueryRunner } from 'typeorm';
import { Accord } from '../../src/accords/accord.types';
import { openDatabase } from '../../src/database/data-source';
import { PROJECTION_TABLES } from '../../src/database/migrations';
import { EventStore } from '../../src/event-store/event-store';
import { createLogger } from '../../src/observability/logger';
import { Observation } from '../../src/observations/observation';
import { toEvent } from '../../src/observations/observation-event';
import { validateObservation } from '../../src/observations/validate';
import { dailyTotals } from '../../src/projections/bucket-queries';
import { ProjectionEngine } from '../../src/projections/projection-engine';
import { createTestDatabase } from '../support/database';
import { diffSnapshots, rebuildNow, snapshotProjections } from '../support/projections';
import { parseAccord } from '../../src/accords/accord.schema';
import { rng } from '../support/synthetic';

/**
 * Incidents dated without a time are logged once for every zone, instants once on their UTC
 * date (labelled with the zones that see them a day earlier or later): every
 * zone's daily sums must still be what counting the current versions with Intl gives, for
 * instants a few minutes either side of local midnight in zones offset by 15 and 45 minutes and
 * across daylight-saving changes, with a zone added after the data (backfilled), revisions that
 * move incidents between days and retractions; and a rebuild gives what live projection gave.
 */
const clock = { now: () => new Date('2026-11-25T12:00:00Z') };
const logger = createLogger('silent');
const FIRST = ['Asia/Kathmandu', 'Pacific/Chatham', 'Europe/Kyiv'];
const LATER = ['America/Bogota', 'America/St_Johns'];
// Kyiv's and Chatham's daylight-saving changes of 2021, and ordinary days
const DATES = [
  '2021-03-27',
  '2021-03-28',
  '2021-04-03',
  '2021-04-04',
  '2021-09-25',
  '2021-09-26',
  '2021-10-30',
  '2021-10-31',
  '2021-06-15',
  '2021-12-31',
];
const OFFSETS = ['Z', '+05:45', '-03:30', '+13:45', '+00:00'];

const formatters = new Map<string, Intl.DateTimeFormat>();
function localDay(occurredAt: string, timeZone: string): string {
  if (occurredAt.length === 10) return occurredAt;
  let formatter = formatters.get(timeZone);
  if (!formatter)
    formatters.set(
      timeZone,
      (formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })),
    );
  return formatter.format(new Date(occurredAt));
}

/** `instant` (ms) written with a UTC offset, as a source may send it. */
function withOffset(instant: number, offset: string): string {
  if (offset === 'Z') return new Date(instant).toISOString().replace('.000', '');
  const sign = offset[0] === '-' ? -1 : 1;
  const minutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  return `${new Date(instant + minutes * 60_000).toISOString().slice(0, 19)}${offset}`;
}

/** The first instant of the local day `date` in `zone` (these zones' offsets are whole quarter hours). */
function localMidnight(date: string, zone: string): number {
  let t = Date.parse(`${date}T00:00:00Z`) - 15 * 3_600_000;
  while (localDay(new Date(t).toISOString(), zone) < date) t += 15 * 60_000;
  return t;
}

function randomIncident(random: () => number, id: string, revision: number): Observation {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const date = pick(DATES);
  const instant = localMidnight(date, pick([...FIRST, ...LATER])) + Math.floor(random() * 7 - 3) * 60_000;
  const raw = {
    type: 'incident',
    id,
    source: pick(['acled', 'unama']),
    revision,
    occurredAt: random() < 0.3 ? date : withOffset(instant, pick(OFFSETS)),
    category: 'attack',
    actor: 'taliban',
    ...(random() < 0.5 ? { killed: { civilians: 1 + Math.floor(random() * 3) } } : {}),
  };
  const result = validateObservation(raw, clock.now());
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.observation;
}

function accordIn(timezone: string): Accord {
  const commitments = [{ id: 'no-attacks', kind: 'prohibition', metric: 'attacks', filter: { actor: 'taliban' }, window: { days: 7 } }];
  const parsed = parseAccord({
    id: timezone.replace('/', '-').toLowerCase(),
    name: timezone,
    signedAt: '2021-03-01',
    timezone,
    parties: [],
    actors: {},
    commitments,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.accord;
}

describe('buckets of every zone and of each zone', () => {
  let db: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;
  let runner: QueryRunner;

  beforeEach(async () => {
    db = await createTestDatabase();
    dataSource = await openDatabase(db.url, 4);
    runner = dataSource.createQueryRunner();
    await runner.connect();
  });
  afterEach(async () => {
    await runner?.release();
    await dataSource?.destroy();
    await db?.drop();
  });

  it('sum, in every zone, to a recount of the current versions with Intl, live and rebuilt', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        await runner.query(`TRUNCATE events, checkpoints, ${PROJECTION_TABLES.join(', ')}`);
        const random = rng(seed);
        const store = new EventStore(dataSource);
        const engine = new ProjectionEngine(store, clock, logger, 'copy');
        const define = (zones: string[]) =>
          store.append(
            zones.map((timezone) => ({
              type: 'accord.defined' as const,
              stream: '~accord',
              key: timezone,
              revision: 1,
              data: accordIn(timezone),
            })),
          );
        const current = new Map<string, Observation>();
        const feed = async (count: number) => {
          const batch: Observation[] = [];
          for (let i = 0; i < count; i++) {
            const known = [...current.keys()];
            const id =
              random() < 0.6 || known.length === 0 ? `i${current.size}-${i}-${batch.length}` : known[Math.floor(random() * known.length)];
            const before = current.get(id);
            const observation: Observation =
              before && random() < 0.2
                ? { type: 'retraction', id, source: before.source, reason: 'duplicate' }
                : randomIncident(random, id, ((before as { revision?: number })?.revision ?? 0) + 1);
            if (before && observation.type !== 'retraction' && observation.source !== before.source) continue;
            batch.push(observation);
            if (observation.type === 'retraction') current.delete(id);
            else current.set(id, observation);
          }
          await store.append(batch.map(toEvent));
          while ((await engine.catchUp(runner, null, 97)) > 0);
        };
        await define(FIRST);
        await feed(400);
        await define(LATER);
        await feed(400);
        for (const zone of [...FIRST, ...LATER]) {
          const expected = new Map<string, number>();
          for (const incident of current.values()) {
            if (incident.type !== 'incident') continue;
            const key = `${incident.source} ${localDay(incident.occurredAt, zone)}`;
            expected.set(key, (expected.get(key) ?? 0) + 1);
          }
          const stored = await dailyTotals(dataSource.manager, zone, 'incidents', {});
          expect(new Map(stored.map((row) => [`${row.source} ${row.day}`, row.value]))).toEqual(expected);
          // a range whose ends are days of daylight-saving changes, where rows shifted a day in or out of it must be kept or left
          const inRange = await dailyTotals(dataSource.manager, zone, 'incidents', {}, { from: '2021-03-28', to: '2021-10-31' });
          expect(new Map(inRange.map((row) => [`${row.source} ${row.day}`, row.value]))).toEqual(
            new Map([...expected].filter(([key]) => key.slice(-10) >= '2021-03-28' && key.slice(-10) <= '2021-10-31')),
          );
        }
        // instants were logged once under labels of several zones, not once per zone
        const [{ labelled }] = await runner.query(`SELECT count(*)::int AS labelled FROM buckets WHERE strpos(tz, ';') > 0`);
        expect(labelled).toBeGreaterThan(0);
        const live = await snapshotProjections(dataSource);
        await rebuildNow(dataSource);
        expect(diffSnapshots(live, await snapshotProjections(dataSource))).toEqual({});
      }),
      { numRuns: 4 },
    );
  });
});
