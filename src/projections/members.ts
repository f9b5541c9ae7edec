import { DataSource, EntityManager } from 'typeorm';
import { PROJECTOR_CHECKPOINTS } from './shards';

/** An instance not seen for this long is gone: its share of the shards goes to the others. */
export const MEMBER_EXPIRY_MS = 4000;

/**
 * The running instances the projector shards spread over: each says it is alive every second
 * and learns how many are; a row left by an instance that died expires.
 */
export async function heartbeat(dataSource: DataSource, instance: string): Promise<number> {
  const [{ members }] = await dataSource.query(
    `WITH seen AS (
       INSERT INTO projector_members (instance, seen_at) VALUES ($1, now())
       ON CONFLICT (instance) DO UPDATE SET seen_at = excluded.seen_at)
     SELECT 1 + count(*)::int AS members FROM projector_members
     WHERE instance <> $1 AND seen_at > now() - make_interval(secs => $2 / 1000.0)`,
    [instance, MEMBER_EXPIRY_MS],
  );
  return members;
}

export async function leave(dataSource: DataSource, instance: string): Promise<void> {
  await dataSource.query(`DELETE FROM projector_members WHERE instance = $1`, [instance]);
}

export interface ShardStatus {
  shard: string;
  /** the instance that last took its lock */
  holder: string | null;
  /** whether a session holds its lock now (a monitor, or a command such as rebuild) */
  held: boolean;
  /** events stored past what the shard has projected */
  lag: number;
}

/**
 * Every shard's holder and lag, from the database, so each instance reports the same. Whether
 * its lock is held is read from pg_locks: a session advisory lock on a bigint key shows as its
 * high and low 32 bits (classid, objid), which put together give the key back.
 */
export async function shardStatuses(dataSource: DataSource): Promise<ShardStatus[]> {
  const rows = await dataSource.query(
    `SELECT c.name AS shard, c.holder,
            EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND l.granted
                      AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtext('ceasefire-monitor:' || c.name)::bigint) AS held,
            greatest((SELECT coalesce(max(position), 0) FROM events) - c.max_position, 0)::text AS lag
     FROM checkpoints c WHERE ${PROJECTOR_CHECKPOINTS} ORDER BY length(c.name), c.name`,
  );
  return rows.map((r: Record<string, any>) => ({ shard: r.shard, holder: r.holder, held: r.held, lag: Number(r.lag) }));
}

/** Named as the holder in the shard's checkpoint on taking its lock. */
export async function markHolder(manager: EntityManager, shard: string, instance: string): Promise<void> {
  await manager.query(`UPDATE checkpoints SET holder = $2 WHERE name = $1`, [shard, instance]);
}
