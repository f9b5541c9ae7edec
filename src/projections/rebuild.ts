import { QueryRunner } from 'typeorm';
import { PROJECTION_TABLES } from '../database/migrations';
import { PROJECTOR, ProjectionEngine } from './projection-engine';

/**
 * Drops the projections and replays the event store into them. Each batch commits with its
 * checkpoint, so an interrupted rebuild is simply continued by the next projector to run.
 * The relay's checkpoint stays: outputs derived again are already in the store, so the
 * append drops them and nothing is published twice.
 */
export async function rebuildProjections(
  runner: QueryRunner,
  engine: ProjectionEngine,
  onProgress: (projected: number) => void = () => undefined,
  batchSize = 5000,
): Promise<number> {
  await runner.startTransaction();
  await runner.query(`TRUNCATE ${PROJECTION_TABLES.join(', ')}`);
  await runner.query(`DELETE FROM checkpoints WHERE name = $1`, [PROJECTOR]);
  await runner.commitTransaction();
  await engine.load(runner.manager);
  let projected = 0;
  for (let n = await engine.projectNext(runner, batchSize); n > 0; n = await engine.projectNext(runner, batchSize)) {
    projected += n;
    onProgress(projected);
  }
  return projected;
}
