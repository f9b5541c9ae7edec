import { QueryRunner } from 'typeorm';
import { PROJECTION_TABLES } from '../database/migrations';
import { PROJECTOR_BATCH, ProjectionEngine } from './projection-engine';
import { PROJECTOR_CHECKPOINTS } from './shards';

export interface RebuildOptions {
  onProgress?: (projected: number) => void;
  batchSize?: number;
  reader?: QueryRunner | null;
}

/**
 * Drops the projections and replays the event store into them. Each batch commits with its
 * checkpoint, so an interrupted rebuild is simply continued by the next projector to run.
 * The relay's checkpoint stays: outputs derived again are already in the store, so the
 * append drops them and nothing is published twice. With a `reader` connection the next
 * batch is worked out while the last one commits (see ProjectionEngine.catchUp). It ends
 * by analyzing the tables it refilled: where autovacuum is off or behind, the planner would
 * otherwise plan the compliance reads blind. One engine replays it all (every accord as of
 * one checkpoint), so the next start spreads its checkpoint to every shard (adoptShardLayout).
 */
export async function rebuildProjections(
  runner: QueryRunner,
  engine: ProjectionEngine,
  { onProgress = () => undefined, batchSize = PROJECTOR_BATCH, reader = null }: RebuildOptions = {},
): Promise<number> {
  await runner.startTransaction();
  await runner.query(`TRUNCATE ${PROJECTION_TABLES.join(', ')}`);
  await runner.query(`DELETE FROM checkpoints WHERE ${PROJECTOR_CHECKPOINTS}`);
  await runner.commitTransaction();
  await engine.load(runner.manager);
  let projected = 0;
  while ((await engine.catchUp(runner, reader, batchSize, { onCommitted: (n) => onProgress((projected += n)) })) > 0);
  await runner.query(`ANALYZE ${PROJECTION_TABLES.join(', ')}`);
  return projected;
}
