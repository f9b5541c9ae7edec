import { EntityManager } from 'typeorm';
import { Checkpoint, START } from '../event-store/event.types';

export interface StoredCheckpoint extends Checkpoint {
  /** The highest position committed so far (positions are read in (txId, position) order). */
  maxPosition: string;
}

/** A projector shard's checkpoint: also the boundary of shard 0's bucket log it has projected up to (see shards.ts). */
export interface ShardCheckpoint extends StoredCheckpoint {
  seq: string;
}

export async function loadCheckpoint(manager: EntityManager, name: string): Promise<ShardCheckpoint> {
  const [row] = await manager.query(
    `SELECT tx_id::text AS "txId", position::text, max_position::text AS "maxPosition", seq::text FROM checkpoints WHERE name = $1`,
    [name],
  );
  return row ?? { ...START, maxPosition: '0', seq: '0' };
}

/** Written in the same transaction as the rows it vouches for. */
export async function saveCheckpoint(manager: EntityManager, name: string, checkpoint: StoredCheckpoint & { seq?: string }): Promise<void> {
  await manager.query(
    `INSERT INTO checkpoints (name, tx_id, position, max_position, seq, updated_at) VALUES ($1, $2::xid8, $3, $4, $5, now())
     ON CONFLICT (name) DO UPDATE SET tx_id = excluded.tx_id, position = excluded.position,
       max_position = excluded.max_position, seq = excluded.seq, updated_at = excluded.updated_at`,
    [name, checkpoint.txId, checkpoint.position, checkpoint.maxPosition, checkpoint.seq ?? '0'],
  );
}

/**
 * Past a batch read in (txId, position) order. The batch's last event need not hold its
 * highest position (concurrent appenders interleave positions), so every event is looked at.
 */
export function advance(checkpoint: StoredCheckpoint, batch: readonly Checkpoint[]): StoredCheckpoint {
  let max = BigInt(checkpoint.maxPosition);
  for (const event of batch) {
    const position = BigInt(event.position);
    if (position > max) max = position;
  }
  const last = batch[batch.length - 1];
  return { txId: last.txId, position: last.position, maxPosition: max.toString() };
}
