import { QueryRunner } from 'typeorm';

/**
 * Replaces each bucket row whose label matches `labelled` (folded or logged) by a row of each
 * zone it names, on that zone's day: `zones` is a lateral subquery over the row `b` yielding
 * `z(zone, shift)`, the zone and the days to add to the row's day.
 */
export async function splitBucketLabels(q: QueryRunner, labelled: string, zones: string): Promise<void> {
  // folded rows go back to the log first (at boundary 0: every shard has read them), so one statement splits them all
  await q.query(`INSERT INTO buckets SELECT *, 0 FROM bucket_totals WHERE ${labelled}`);
  await q.query(`DELETE FROM bucket_totals WHERE ${labelled}`);
  await q.query(`
    INSERT INTO buckets
    SELECT z.zone, b.day + z.shift, b.source, b.actor, b.target, b.category, b.country, b.admin1, b.incidents, b.attacks,
           b.killed, b.wounded, b.prisoners_released, b.groups, b.batch
    FROM buckets b CROSS JOIN LATERAL ${zones} AS z
    WHERE ${labelled}`);
  await q.query(`DELETE FROM buckets WHERE ${labelled}`);
}
