import { EntityManager } from 'typeorm';
import { loadCheckpoint } from '../projections/checkpoints';

/** Stored alert transitions past the named checkpoint: how far a reader of the outbox is behind. */
export async function unsentTransitions(manager: EntityManager, checkpointName: string): Promise<number> {
  const checkpoint = await loadCheckpoint(manager, checkpointName);
  const [row] = await manager.query(
    `SELECT count(*)::int AS n FROM events WHERE type = 'alert.transitioned' AND (tx_id, position) > ($1::xid8, $2::bigint)`,
    [checkpoint.txId, checkpoint.position],
  );
  return row.n;
}
