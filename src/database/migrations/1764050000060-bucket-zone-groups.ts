import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An incident dated by an instant is logged once per local day it falls on across the accords'
 * zones, under a label naming the zones that give that day ('Asia/Kabul,Asia/Tokyo'), instead
 * of once per zone (projections/placements.ts). Rows logged before name one zone each, which
 * is a label too, so going up changes nothing.
 */
export class BucketZoneGroups1764050000060 implements MigrationInterface {
  name = 'BucketZoneGroups1764050000060';

  async up(): Promise<void> {}

  /** Each labelled row becomes a row of each zone it names, as the projector logged them before. */
  async down(q: QueryRunner): Promise<void> {
    // folded rows go back to the log first (at boundary 0: every shard has read them), so one statement splits them all
    await q.query(`INSERT INTO buckets SELECT *, 0 FROM bucket_totals WHERE strpos(tz, ',') > 0`);
    await q.query(`DELETE FROM bucket_totals WHERE strpos(tz, ',') > 0`);
    await q.query(`
      INSERT INTO buckets
      SELECT z.tz, b.day, b.source, b.actor, b.target, b.category, b.country, b.admin1, b.incidents, b.attacks, b.killed,
             b.wounded, b.prisoners_released, b.groups, b.batch
      FROM buckets b CROSS JOIN LATERAL unnest(string_to_array(b.tz, ',')) AS z(tz)
      WHERE strpos(b.tz, ',') > 0`);
    await q.query(`DELETE FROM buckets WHERE strpos(tz, ',') > 0`);
  }
}
