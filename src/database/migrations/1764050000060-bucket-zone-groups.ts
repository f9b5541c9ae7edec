import { MigrationInterface, QueryRunner } from 'typeorm';
import { splitBucketLabels } from './split-bucket-labels';

/**
 * An incident dated by an instant is logged once, on its UTC date, under a label saying which
 * of the accords' zones see that instant a day earlier or later
 * ('America/Bogota;Asia/Kabul,Europe/Kyiv;Pacific/Chatham'), instead of once per zone
 * (projections/placements.ts). Rows logged before name one zone each on its own day, which is
 * a label too, so going up changes nothing.
 */
export class BucketZoneGroups1764050000060 implements MigrationInterface {
  name = 'BucketZoneGroups1764050000060';

  async up(): Promise<void> {}

  /** Each labelled row becomes a row of each zone it names, on the zone's day, as the projector logged them before. */
  async down(q: QueryRunner): Promise<void> {
    await splitBucketLabels(
      q,
      `strpos(tz, ';') > 0`,
      `(SELECT zone, (part.n - 2)::int AS shift
        FROM unnest(string_to_array(b.tz, ';')) WITH ORDINALITY AS part(zones, n), unnest(string_to_array(part.zones, ',')) AS zone)`,
    );
  }
}
