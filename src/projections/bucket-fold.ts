import { QueryRunner } from 'typeorm';
import { BUCKET_COLUMNS, DIMENSIONS, METRIC_COLUMNS } from './bucket-deltas';
import { bucketSums } from './bucket-queries';
import { PROJECTOR_CHECKPOINTS } from './shards';

/** Log rows folded per pass: bounded work, so a pass never holds the projector or a rebuild up for long. */
export const FOLD_ROWS = 10_000;

/**
 * One statement moves the oldest log rows into their buckets' totals: it deletes only rows
 * committed before it began (the projector's uncommitted appends stay in the log) and written
 * up to the boundary every projector shard has passed (a shard reads the log as of its own),
 * and readers see the deletion and the totals it adds in one commit, so no sum they take changes.
 */
const FOLD = `
  WITH moved AS (
    DELETE FROM buckets WHERE ctid = ANY (ARRAY(
      SELECT ctid FROM buckets WHERE batch <= (SELECT min(seq) FROM checkpoints WHERE ${PROJECTOR_CHECKPOINTS}) LIMIT $1)
    ) RETURNING *
  ), folded AS (
    INSERT INTO bucket_totals (${BUCKET_COLUMNS.join(', ')}) ${bucketSums('moved')}
    ON CONFLICT (${DIMENSIONS.join(', ')}) DO UPDATE SET
      ${METRIC_COLUMNS.map((m) => `${m} = bucket_totals.${m} + excluded.${m}`).join(', ')},
      groups = jsonb_sum_maps(bucket_totals.groups, excluded.groups)
  )
  SELECT count(*)::int AS moved FROM moved`;

/**
 * One pass; how many log rows it folded (0 when another instance is folding). The lock keeps
 * two instances from upserting the same totals in different orders, which would deadlock.
 */
export async function foldBucketLog(runner: QueryRunner, rows = FOLD_ROWS): Promise<number> {
  await runner.startTransaction();
  try {
    const [{ locked }] = await runner.query(`SELECT pg_try_advisory_xact_lock(hashtext('ceasefire-monitor:bucket-fold')) AS locked`);
    const [{ moved }] = locked ? await runner.query(FOLD, [rows]) : [{ moved: 0 }];
    // boundaries every shard has passed are read by none
    if (locked)
      await runner.query(`DELETE FROM projection_batches WHERE seq < (SELECT min(seq) FROM checkpoints WHERE ${PROJECTOR_CHECKPOINTS})`);
    await runner.commitTransaction();
    return moved;
  } catch (error) {
    await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  }
}
