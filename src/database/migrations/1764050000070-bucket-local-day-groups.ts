import { MigrationInterface, QueryRunner } from 'typeorm';
import { splitBucketLabels } from './split-bucket-labels';

/**
 * A build of migration 060 logged instants once per local day, under the zones sharing it
 * ('Asia/Kabul,Asia/Tokyo'), a label the readers of day-shift labels do not read; going up
 * gives each such row's zones a row each on that day, which every build reads.
 */
export class BucketLocalDayGroups1764050000070 implements MigrationInterface {
  name = 'BucketLocalDayGroups1764050000070';

  async up(q: QueryRunner): Promise<void> {
    await splitBucketLabels(
      q,
      `strpos(tz, ',') > 0 AND strpos(tz, ';') = 0`,
      `(SELECT zone, 0 AS shift FROM unnest(string_to_array(b.tz, ',')) AS zone)`,
    );
  }

  /** Rows of one zone each are read by the build before too. */
  async down(): Promise<void> {}
}
