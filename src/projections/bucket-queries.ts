import { EntityManager } from 'typeorm';
import { DailyTotal } from '../compliance/evidence';
import { BUCKET_COLUMNS, DIMENSIONS, METRIC_COLUMNS } from './bucket-deltas';
import { ANY_ZONE, SHIFT_SEPARATOR, ZONE_SEPARATOR } from './placements';

/**
 * Every bucket row: the folded totals (bucket-fold.ts) and the log the projector appends to;
 * with `upTo` (a parameter naming a boundary), only the log rows written up to it, which is
 * the buckets as a shard at that boundary saw them (the fold never passes the slowest shard).
 */
const bucketRows = (upTo?: string) =>
  `(SELECT ${BUCKET_COLUMNS.join(', ')} FROM bucket_totals UNION ALL SELECT ${BUCKET_COLUMNS.join(', ')} FROM buckets` +
  (upTo ? ` WHERE (${upTo}::bigint IS NULL OR batch <= ${upTo}::bigint))` : ')');
export const BUCKET_ROWS = bucketRows();

/**
 * One row per bucket of `rows` with everything they add up to (casualty groups summed name by
 * name, zeros dropped), buckets that sum to nothing left out.
 */
export const bucketSums = (rows: string) => `
  SELECT * FROM (
    SELECT ${DIMENSIONS.join(', ')}, ${METRIC_COLUMNS.map((m) => `sum(${m}) AS ${m}`).join(', ')},
      (SELECT coalesce(jsonb_object_agg(g.key, g.total), '{}') FROM (
         SELECT e.key, sum(e.value::double precision) AS total FROM unnest(array_agg(groups)) AS m, jsonb_each_text(m) AS e
         GROUP BY e.key) AS g WHERE g.total <> 0) AS groups
    FROM ${rows} AS logged GROUP BY ${DIMENSIONS.join(', ')}) AS sums
  WHERE ${METRIC_COLUMNS.map((m) => `${m} <> 0`).join(' OR ')} OR groups <> '{}'`;

/** What every reader of the buckets sees. */
export const BUCKET_SUMS = bucketSums(BUCKET_ROWS);

/**
 * The rows a reader in zone `tz` (an SQL expression) sums: those of incidents whose day is the
 * same in every zone, those of its own zone, and those whose label names it (see
 * Placements.bucketRow).
 */
export const zoneCondition = (tz: string) =>
  `(tz = '${ANY_ZONE}' OR tz = ${tz} OR (strpos(tz, '${SHIFT_SEPARATOR}') > 0 AND ${tz} = ANY(string_to_array(replace(tz, '${SHIFT_SEPARATOR}', '${ZONE_SEPARATOR}'), '${ZONE_SEPARATOR}'))))`;

/** The days to add to a row's day for it to be the local day of zone `tz`: -1, 0 or 1, from the row's label. */
const zoneShift = (tz: string) => {
  const shiftedBy = (part: number) => `${tz} = ANY(string_to_array(split_part(tz, '${SHIFT_SEPARATOR}', ${part}), '${ZONE_SEPARATOR}'))`;
  return `CASE WHEN strpos(tz, '${SHIFT_SEPARATOR}') = 0 THEN 0 WHEN ${shiftedBy(1)} THEN -1 WHEN ${shiftedBy(3)} THEN 1 ELSE 0 END`;
};

/** The bucket rows (see bucketRows) a reader in zone `tz` sums, each dated by its day in that zone. */
export const zoneRows = (tz: string, upTo?: string) =>
  `(SELECT ${BUCKET_COLUMNS.map((c) => (c === 'day' ? `day + ${zoneShift(tz)} AS day` : c)).join(', ')}
    FROM ${bucketRows(upTo)} AS logged WHERE ${zoneCondition(tz)})`;

/** A filter already resolved through an accord's aliases: each key, the slugs it accepts. */
export type ResolvedFilterArrays = Partial<Record<'actor' | 'target' | 'category' | 'country' | 'admin1' | 'source', string[]>>;

/**
 * Daily sums of one metric per source in a time zone, under a filter, optionally within
 * [from, to] (see zoneRows);
 * as of the boundary `upTo` when given (see bucketRows).
 */
export async function dailyTotals(
  manager: EntityManager,
  tz: string,
  metric: string,
  filter: ResolvedFilterArrays,
  range: { from?: string; to?: string } = {},
  upTo: string | null = null,
): Promise<DailyTotal[]> {
  // a column for the main metrics (from a fixed list, never from input), else the group's entry
  const column = (METRIC_COLUMNS as readonly string[]).includes(metric) ? metric : `coalesce((groups->>$2)::float8, 0)`;
  const rows: { source: string; day: string; value: string }[] = await manager.query(
    `SELECT source, to_char(day, 'YYYY-MM-DD') AS day, sum(${column}) AS value
     FROM ${zoneRows('$1', '$11')} AS buckets
     WHERE $2::text IS NOT NULL -- $2 is the metric, typed here even when a column serves it
       AND ($3::text[] IS NULL OR actor = ANY($3))
       AND ($4::text[] IS NULL OR target = ANY($4))
       AND ($5::text[] IS NULL OR category = ANY($5))
       AND ($6::text[] IS NULL OR country = ANY($6))
       AND ($7::text[] IS NULL OR admin1 = ANY($7))
       AND ($8::text[] IS NULL OR source = ANY($8))
       AND ($9::date IS NULL OR day >= $9::date)
       AND ($10::date IS NULL OR day <= $10::date)
     GROUP BY source, day
     HAVING sum(${column}) <> 0
     ORDER BY source, day`,
    [
      tz,
      metric,
      filter.actor ?? null,
      filter.target ?? null,
      filter.category ?? null,
      filter.country ?? null,
      filter.admin1 ?? null,
      filter.source ?? null,
      range.from ?? null,
      range.to ?? null,
      upTo,
    ],
  );
  return rows.map((row) => ({ source: row.source, day: row.day, value: Number(row.value) }));
}
