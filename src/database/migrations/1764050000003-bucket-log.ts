import { MigrationInterface, QueryRunner } from 'typeorm';
import { DIMENSIONS } from '../../projections/bucket-deltas';
import { BUCKET_SUMS } from '../../projections/bucket-queries';
import { JSONB_SUM_MAPS } from './1764050000001-projections';

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
    await q.query(`CREATE TEMP TABLE bucket_sums AS ${BUCKET_SUMS}`);
    await q.query(`TRUNCATE buckets`);
    await q.query(`INSERT INTO buckets SELECT * FROM bucket_sums`);
    await q.query(`DROP TABLE bucket_sums`);
    await q.query(`ALTER TABLE buckets ADD PRIMARY KEY (${DIMENSIONS.join(', ')})`);
  }
}
