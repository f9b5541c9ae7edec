import { MigrationInterface, QueryRunner } from 'typeorm';
import { JSONB_SUM_MAPS } from './1764050000001-projections';

/**
 * The bucket columns and their sums as this migration found them, written out rather than
 * imported: a migration must do tomorrow what it does today, whatever the projector's
 * queries become.
 */
const KEY = 'tz, day, source, actor, target, category, country, admin1';
const FOLDED = `
  SELECT * FROM (
    SELECT ${KEY}, sum(incidents) AS incidents, sum(attacks) AS attacks, sum(killed) AS killed,
      sum(wounded) AS wounded, sum(prisoners_released) AS prisoners_released,
      (SELECT coalesce(jsonb_object_agg(g.key, g.total), '{}') FROM (
         SELECT e.key, sum(e.value::double precision) AS total FROM unnest(array_agg(groups)) AS m, jsonb_each_text(m) AS e
         GROUP BY e.key) AS g WHERE g.total <> 0) AS groups
    FROM buckets GROUP BY ${KEY}) AS sums
  WHERE incidents <> 0 OR attacks <> 0 OR killed <> 0 OR wounded <> 0 OR prisoners_released <> 0 OR groups <> '{}'`;

/**
 * `buckets` becomes a log of per-batch sums: the projector appends a row per bucket a batch
 * changed, and readers sum the rows of a bucket. Its key goes, and with it the upsert that
 * probed and rewrote a row per bucket (most of the database's time in a rebuild of a million).
 */
export class BucketLog1764050000003 implements MigrationInterface {
  name = 'BucketLog1764050000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE buckets DROP CONSTRAINT buckets_pkey`);
    await q.query(`DROP FUNCTION jsonb_sum_maps`);
  }

  /** Each bucket's rows are folded into one (a bucket that sums to nothing goes), so the key holds again. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(JSONB_SUM_MAPS);
    await q.query(`CREATE TEMP TABLE bucket_sums AS ${FOLDED}`);
    await q.query(`TRUNCATE buckets`);
    await q.query(`INSERT INTO buckets SELECT * FROM bucket_sums`);
    await q.query(`DROP TABLE bucket_sums`);
    await q.query(`ALTER TABLE buckets ADD PRIMARY KEY (${KEY})`);
  }
}
