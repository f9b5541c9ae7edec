import { DataSource, EntityManager } from 'typeorm';
import { ConfigError } from '../config/config';
import { PROJECTOR_CHECKPOINTS, shardNames } from './shards';

interface Row {
  name: string;
  tx_id: string;
  position: string;
  max_position: string;
  seq: string;
}

const same = (a: Row, b: Row) => a.tx_id === b.tx_id && a.position === b.position && a.seq === b.seq;

/**
 * Gives every shard of `count` a checkpoint before any of them runs, so the fold, which never
 * passes the slowest checkpoint, knows of each. Another count than the stored one is taken
 * over only where every stored shard stands at one place (as after a rebuild or a single
 * projector): each accord's state is then as of that place, whichever shard owns it now.
 * Otherwise the start stops, naming PROJECTOR_SHARDS.
 */
export async function adoptShardLayout(dataSource: DataSource, count: number): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('ceasefire-monitor:projector-layout'))`);
    const rows: Row[] = await manager.query(
      `SELECT name, tx_id::text, position::text, max_position::text, seq::text FROM checkpoints WHERE ${PROJECTOR_CHECKPOINTS}`,
    );
    const wanted = shardNames(count);
    const stored = new Set(rows.map((r) => r.name));
    if (wanted.every((name) => stored.has(name)) && rows.length === count) return;
    if (rows.some((r) => !same(r, rows[0])))
      throw new ConfigError(
        `invalid configuration: PROJECTOR_SHARDS ${count} differs from the ${rows.length} shards the projections were built with, ` +
          `which stand at different positions; start with PROJECTOR_SHARDS=${rows.length} or run \`ceasefire-monitor rebuild\``,
      );
    await spread(manager, rows[0] ?? null, wanted);
  });
}

/** Every shard in `names` at `at` (the start when null), and no other. */
async function spread(manager: EntityManager, at: Row | null, names: string[]): Promise<void> {
  await manager.query(`DELETE FROM checkpoints WHERE ${PROJECTOR_CHECKPOINTS} AND NOT (name = ANY($1))`, [names]);
  await manager.query(
    `INSERT INTO checkpoints (name, tx_id, position, max_position, seq, updated_at)
     SELECT n, $2::xid8, $3, $4, $5, now() FROM unnest($1::text[]) AS n
     ON CONFLICT (name) DO UPDATE SET tx_id = excluded.tx_id, position = excluded.position,
       max_position = excluded.max_position, seq = excluded.seq, updated_at = excluded.updated_at`,
    [names, at?.tx_id ?? '0', at?.position ?? '0', at?.max_position ?? '0', at?.seq ?? '0'],
  );
}

/** After a rebuild by one engine (every accord as of shard 0's checkpoint): the followers start there too. */
export async function spreadFromShardZero(dataSource: DataSource, count: number): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const [zero]: Row[] = await manager.query(
      `SELECT name, tx_id::text, position::text, max_position::text, seq::text FROM checkpoints WHERE name = 'projector'`,
    );
    await spread(manager, zero ?? null, shardNames(count));
  });
}
