import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Incidents dated without a time fall on the same day in every time zone, so the projector
 * logs them once, under the zone `'*'`, which every reader of a zone adds to its own rows.
 * Logged rows do not tell which incidents they came from, so going up empties the
 * projections and the projector replays the store into the new layout.
 */
export class BucketAnyZone1764050000040 implements MigrationInterface {
  name = 'BucketAnyZone1764050000040';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`TRUNCATE buckets, bucket_totals, claims, accords, verdict_keys, alerts`);
    await q.query(`DELETE FROM checkpoints WHERE name = 'projector'`);
  }

  /** The rows of every zone become rows of each accord's zone, as the projector logged them before. */
  async down(q: QueryRunner): Promise<void> {
    // folded rows of every zone go back to the log first, so one statement spreads them all
    await q.query(`INSERT INTO buckets SELECT * FROM bucket_totals WHERE tz = '*'`);
    await q.query(`DELETE FROM bucket_totals WHERE tz = '*'`);
    await q.query(`
      INSERT INTO buckets
      SELECT z.tz, b.day, b.source, b.actor, b.target, b.category, b.country, b.admin1, b.incidents, b.attacks, b.killed,
             b.wounded, b.prisoners_released, b.groups
      FROM buckets b CROSS JOIN (SELECT DISTINCT document->>'timezone' AS tz FROM accords) z
      WHERE b.tz = '*'`);
    await q.query(`DELETE FROM buckets WHERE tz = '*'`);
  }
}
