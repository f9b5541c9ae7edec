import { EntityManager } from 'typeorm';
import { EventStore } from '../event-store/event-store';
import { Checkpoint, EventType, StoredEvent } from '../event-store/event.types';
import { OBSERVATION_TYPES } from '../observations/observation-event';
import { ShardCheckpoint, StoredCheckpoint } from './checkpoints';

/** What a follower shard projects; the outputs the shards append themselves are not among them. */
const FOLLOWED: readonly EventType[] = [...OBSERVATION_TYPES, 'accord.defined', 'accord.retired', 'alert.acknowledged'];

/** Shard 0 marks where it wrote bucket rows and claims up to, in the transaction that writes them. */
export async function recordBoundary(manager: EntityManager, seq: string, at: StoredCheckpoint): Promise<void> {
  await manager.query(`INSERT INTO projection_batches (seq, tx_id, position, max_position) VALUES ($1, $2::xid8, $3, $4)`, [
    seq,
    at.txId,
    at.position,
    at.maxPosition,
  ]);
}

/** The boundary after `seq`, or null while shard 0 has not written it. */
export async function nextBoundary(manager: EntityManager, seq: string): Promise<ShardCheckpoint | null> {
  const [row] = await manager.query(
    `SELECT seq::text, tx_id::text AS "txId", position::text, max_position::text AS "maxPosition" FROM projection_batches WHERE seq = $1`,
    [(BigInt(seq) + 1n).toString()],
  );
  return row ?? null;
}

/** The events between two boundaries, however many pages of `limit` they take. */
export async function readSegment(
  store: EventStore,
  manager: EntityManager,
  from: StoredCheckpoint,
  to: StoredCheckpoint,
  limit: number,
): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for (let after: Checkpoint = from; ; ) {
    const page = await store.readBetween(after, to, limit, FOLLOWED, manager);
    events.push(...page);
    if (page.length < limit) return events;
    after = page[page.length - 1];
  }
}

/** A zone instants are bucketed in from now on (kept while any accord used it, so a later accord there finds its rows). */
export async function saveZone(manager: EntityManager, tz: string): Promise<void> {
  await manager.query(`INSERT INTO bucket_zones (tz) VALUES ($1) ON CONFLICT DO NOTHING`, [tz]);
}
