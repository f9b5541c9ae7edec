import { DataSource, QueryRunner } from 'typeorm';
import { PROJECTOR_CHECKPOINTS, shardNames } from './shards';
import { tryLock, unlock } from './single-writer';

export type ShardLocks = { name: string; runner: QueryRunner }[];

/**
 * The lock of every projector shard, those configured and those the projections were built
 * with, for a command that works on the projections itself (rebuild, import); null, with
 * none kept, when a running monitor holds any of them.
 */
export async function lockEveryShard(dataSource: DataSource, configured: number): Promise<ShardLocks | null> {
  const stored: { name: string }[] = await dataSource.query(`SELECT name FROM checkpoints WHERE ${PROJECTOR_CHECKPOINTS}`);
  const names = [...new Set([...shardNames(configured), ...stored.map((r) => r.name)])];
  const locks: ShardLocks = [];
  for (const name of names) {
    const runner = await tryLock(dataSource, name);
    if (!runner) {
      await unlockEveryShard(locks);
      return null;
    }
    locks.push({ name, runner });
  }
  return locks;
}

export async function unlockEveryShard(locks: ShardLocks): Promise<void> {
  for (const { name, runner } of locks) await unlock(runner, name);
}
