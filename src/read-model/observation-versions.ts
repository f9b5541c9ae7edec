import { EntityManager } from 'typeorm';
import { DatePeriod } from '../compliance/verdict.types';
import { addDays } from '../compliance/days';
import { ObservationVersion } from '../compliance/evidence-items';
import { Checkpoint } from '../event-store/event.types';
import { ResolvedFilterArrays } from '../projections/bucket-queries';
import { UNCERTAIN } from '../database/migrations/1764050000030-uncertain-incidents';
import { MAX_RANGE_DAYS } from '../observations/uncertainty';

/**
 * An `occurredAt` with an offset falls on a local date up to two days from the date it is
 * written with (offsets and zones both reach ±14 h), so text bounds are widened by that much.
 */
const OFFSET_DAYS = 2;

/**
 * Every version, up to `upTo`, of each observation of `source` that was once an incident under
 * `filter` dated near one of `periods`: a superset whose current versions the pure selection
 * narrows exactly, so a revision that moved an incident out of them or a retraction is seen too.
 */
export function versionsNear(
  manager: EntityManager,
  source: string,
  filter: ResolvedFilterArrays,
  periods: readonly DatePeriod[],
  upTo: Checkpoint,
): Promise<ObservationVersion[]> {
  return versionsOf(manager, { source, filter, periods, upTo, uncertain: false, margin: OFFSET_DAYS });
}

/**
 * The same, of any source, for the observations that were once an incident carrying
 * uncertainty (CONTRACT section 9) which may fall in one of `periods`: few, and found through
 * their own partial index, so a report pays for them only when there are some.
 */
export function uncertainVersions(
  manager: EntityManager,
  filter: ResolvedFilterArrays,
  periods: readonly DatePeriod[],
  upTo: Checkpoint,
): Promise<ObservationVersion[]> {
  return versionsOf(manager, { source: null, filter, periods, upTo, uncertain: true, margin: OFFSET_DAYS + MAX_RANGE_DAYS });
}

interface VersionQuery {
  source: string | null;
  filter: ResolvedFilterArrays;
  periods: readonly DatePeriod[];
  upTo: Checkpoint;
  /** only incidents with a dateRange or a bound map, as the partial index events_uncertain holds them */
  uncertain: boolean;
  /** days the `occurredAt` text may lie outside a period and the incident still fall in it */
  margin: number;
}

async function versionsOf(manager: EntityManager, q: VersionQuery): Promise<ObservationVersion[]> {
  if (q.periods.length === 0) return [];
  return manager.query(
    `SELECT e.stream AS source, e.key AS id, e.revision, e.type, e.data FROM events e
     WHERE ($1::text IS NULL OR e.stream = $1) AND (e.tx_id, e.position) <= ($2::xid8, $3::bigint)
       AND (e.stream, e.key) IN (
         SELECT c.stream, c.key FROM events c, unnest($4::text[], $5::text[]) AS r(low, high)
         WHERE ($1::text IS NULL OR c.stream = $1) AND c.type = 'incident' AND (c.tx_id, c.position) <= ($2::xid8, $3::bigint)
           AND (NOT $11::boolean OR ${UNCERTAIN})
           AND c.data->>'occurredAt' >= r.low AND c.data->>'occurredAt' < r.high
           AND ($6::text[] IS NULL OR coalesce(c.data->>'actor', '') = ANY($6))
           AND ($7::text[] IS NULL OR coalesce(c.data->>'target', '') = ANY($7))
           AND ($8::text[] IS NULL OR c.data->>'category' = ANY($8))
           AND ($9::text[] IS NULL OR coalesce(c.data->'location'->>'country', '') = ANY($9))
           AND ($10::text[] IS NULL OR coalesce(c.data->'location'->>'admin1', '') = ANY($10)))`,
    [
      q.source,
      q.upTo.txId,
      q.upTo.position,
      q.periods.map((p) => addDays(p.from, -q.margin)),
      // exclusive: any date-time written on the last widened day sorts below the day after
      q.periods.map((p) => addDays(p.to, q.margin + 1)),
      q.filter.actor ?? null,
      q.filter.target ?? null,
      q.filter.category ?? null,
      q.filter.country ?? null,
      q.filter.admin1 ?? null,
      q.uncertain,
    ],
  );
}

/** The current version of one observation, up to `upTo`. */
export async function currentVersion(
  manager: EntityManager,
  source: string,
  id: string,
  upTo: Checkpoint,
): Promise<ObservationVersion | undefined> {
  const [row] = await manager.query(
    `SELECT stream AS source, key AS id, revision, type, data FROM events
     WHERE stream = $1 AND key = $2 AND (tx_id, position) <= ($3::xid8, $4::bigint) ORDER BY revision DESC LIMIT 1`,
    [source, id, upTo.txId, upTo.position],
  );
  return row;
}
