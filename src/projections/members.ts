import { DataSource, EntityManager } from 'typeorm';

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
  holder: string | null;
  /** whether the holder was seen within MEMBER_EXPIRY_MS */
  holderAlive: boolean;
  /** events stored past what the shard has projected */
  lag: number;
}

/** Every shard's holder and lag, from the database, so each instance reports the same. */
export async function shardStatuses(dataSource: DataSource): Promise<ShardStatus[]> {
  const rows = await dataSource.query(
    `SELECT c.name AS shard, c.holder, coalesce(m.seen_at > now() - make_interval(secs => $1 / 1000.0), false) AS alive,
            greatest((SELECT coalesce(max(position), 0) FROM events) - c.max_position, 0)::text AS lag
     FROM checkpoints c LEFT JOIN projector_members m ON m.instance = c.holder
     WHERE c.name = 'projector' OR c.name LIKE 'projector/%' ORDER BY length(c.name), c.name`,
    [MEMBER_EXPIRY_MS],
  );
  return rows.map((r: Record<string, any>) => ({ shard: r.shard, holder: r.holder, holderAlive: r.alive, lag: Number(r.lag) }));
}

/** Named as the holder in the shard's checkpoint on taking its lock. */
export async function markHolder(manager: EntityManager, shard: string, instance: string): Promise<void> {
  await manager.query(`UPDATE checkpoints SET holder = $2 WHERE name = $1`, [shard, instance]);
}
