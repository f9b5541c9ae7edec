import { DataSource, QueryRunner } from 'typeorm';
import { systemClock } from '../../src/config/clock';
import { EventStore } from '../../src/event-store/event-store';
import { DIMENSIONS } from '../../src/projections/bucket-deltas';
import { BUCKET_SUMS } from '../../src/projections/bucket-queries';
import { createLogger } from '../../src/observability/logger';
import { ProjectionEngine } from '../../src/projections/projection-engine';
import { rebuildProjections } from '../../src/projections/rebuild';
import { tryLock, unlock } from '../../src/projections/single-writer';

/**
 * Every projection table in a stable order (the buckets as their readers see them, summed per
 * bucket: live and rebuilt projections log them in different batches), without what legitimately differs between a live
 * run and a rebuild (an accord's `defined_at` is when the projector met it).
 */
const SNAPSHOT: Record<string, string> = {
  buckets: `SELECT * FROM (${BUCKET_SUMS}) AS b ORDER BY ${DIMENSIONS.join(', ')}`,
  claims: 'SELECT * FROM claims ORDER BY source, id',
  accords: 'SELECT id, revision, document, as_of FROM accords ORDER BY id',
  verdict_keys: 'SELECT * FROM verdict_keys ORDER BY key',
  alerts: 'SELECT * FROM alerts ORDER BY id',
};

export type ProjectionSnapshot = Record<string, unknown[]>;

export async function snapshotProjections(dataSource: DataSource): Promise<ProjectionSnapshot> {
  const out: ProjectionSnapshot = {};
  for (const [name, sql] of Object.entries(SNAPSHOT)) out[name] = await dataSource.query(sql);
  return out;
}

/**
 * What differs between two snapshots, table by table (rows on one side only, the first few of
 * each): `{}` when they are equal. For snapshots of 100,000 rows, where a plain toEqual would
 * print a diff nobody can read.
 */
export function diffSnapshots(a: ProjectionSnapshot, b: ProjectionSnapshot, show = 3): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const table of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const left = (a[table] ?? []).map((row) => JSON.stringify(row));
    const right = (b[table] ?? []).map((row) => JSON.stringify(row));
    const inRight = new Set(right);
    const inLeft = new Set(left);
    const onlyLeft = left.filter((row) => !inRight.has(row));
    const onlyRight = right.filter((row) => !inLeft.has(row));
    if (onlyLeft.length || onlyRight.length || left.length !== right.length) {
      out[table] = { rows: [left.length, right.length], onlyFirst: onlyLeft.slice(0, show), onlySecond: onlyRight.slice(0, show) };
    }
  }
  return out;
}

/**
 * A fresh rebuild, as `ceasefire-monitor rebuild` does it: under the projector lock (so it
 * fails rather than race a running monitor), every projection dropped and the store replayed.
 */
export async function rebuildNow(dataSource: DataSource): Promise<number> {
  const runner = await tryLock(dataSource, 'projector');
  if (!runner) throw new Error('a running monitor holds the projector lock; stop it before rebuilding');
  try {
    return await rebuildProjections(runner, new ProjectionEngine(new EventStore(dataSource), systemClock, createLogger('silent'), 'copy'));
  } finally {
    await unlock(runner, 'projector');
  }
}

/**
 * Projects until the checkpoint has passed every event stored now. A catch-up that reads
 * nothing is not the end: a transaction open on the same database (a fold pass, say) holds
 * the read horizon back for a moment.
 */
export async function catchUpAll(engine: ProjectionEngine, runner: QueryRunner, limit: number): Promise<void> {
  const [{ end }] = await runner.query(`SELECT coalesce(max(position), 0)::text AS end FROM events`);
  for (;;) {
    if ((await engine.catchUp(runner, null, limit)) > 0) continue;
    if (BigInt(engine.position?.maxPosition ?? '0') >= BigInt(end)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
