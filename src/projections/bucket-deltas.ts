import { EntityManager } from 'typeorm';
import { BulkLoad, Cell, loadRows } from '../database/bulk-rows';
import { KeyFingerprints } from './key-fingerprints';

export interface BucketDims {
  source: string;
  actor: string;
  target: string;
  category: string;
  country: string;
  admin1: string;
}

export interface Contribution {
  day: string;
  dims: BucketDims;
  metrics: Record<string, number>;
}

/** The metrics with a column of their own; `killed.<group>` and `wounded.<group>` go to `groups`. */
export const METRIC_COLUMNS = ['incidents', 'attacks', 'killed', 'wounded', 'prisoners_released'] as const;
const COLUMN_INDEX = new Map<string, number>(METRIC_COLUMNS.map((m, i) => [m, i]));
const SEP = '\u0000';

interface Delta {
  columns: number[];
  groups: Record<string, number> | null;
  undone: boolean;
}

const DIMENSIONS = ['tz', 'day', 'source', 'actor', 'target', 'category', 'country', 'admin1'];
const COLUMNS = [...DIMENSIONS, ...METRIC_COLUMNS, 'groups'];
const LIST = COLUMNS.join(', ');

/** Where a batch's upserts are loaded first: upserting from it cost PostgreSQL a third less a row than from a JSON document. */
const STAGE = `CREATE TEMP TABLE IF NOT EXISTS bucket_rows (LIKE buckets)`;
const MERGE = `
  INSERT INTO buckets AS b (${LIST}) SELECT ${LIST} FROM bucket_rows
  ON CONFLICT (${DIMENSIONS.join(', ')}) DO UPDATE SET
    incidents = b.incidents + excluded.incidents, attacks = b.attacks + excluded.attacks,
    killed = b.killed + excluded.killed, wounded = b.wounded + excluded.wounded,
    prisoners_released = b.prisoners_released + excluded.prisoners_released,
    groups = CASE WHEN excluded.groups = '{}' THEN b.groups ELSE jsonb_sum_maps(b.groups, excluded.groups) END`;

/**
 * Deltas of one batch, summed in memory so each bucket gets one upsert per batch however
 * many incidents of the batch fall in it.
 */
export class BucketDeltas {
  private readonly deltas = new Map<string, Delta>();

  add(tz: string, contribution: Contribution, sign: 1 | -1): void {
    const { day, dims } = contribution;
    const key = [tz, day, dims.source, dims.actor, dims.target, dims.category, dims.country, dims.admin1].join(SEP);
    let delta = this.deltas.get(key);
    if (!delta) this.deltas.set(key, (delta = { columns: [0, 0, 0, 0, 0], groups: null, undone: false }));
    for (const metric in contribution.metrics) {
      const amount = sign * contribution.metrics[metric];
      const column = COLUMN_INDEX.get(metric);
      if (column !== undefined) delta.columns[column] += amount;
      else (delta.groups ??= {})[metric] = (delta.groups[metric] ?? 0) + amount;
    }
    if (sign < 0) delta.undone = true;
  }

  get size(): number {
    return this.deltas.size;
  }

  /**
   * Rows go in bulk (see BulkLoad). Given the keys written since the buckets were emptied (a
   * rebuild), a row whose key is not among them is loaded straight into the table: no
   * conflict to look for. The rest are loaded into a session's temporary table and upserted
   * from it in one statement, which leaves it empty for the next flush of the transaction.
   */
  async flush(manager: EntityManager, load: BulkLoad, written: KeyFingerprints | null = null): Promise<void> {
    if (this.deltas.size === 0) return;
    const upserts: Cell[][] = [];
    const inserts: Cell[][] = [];
    const undone: string[][] = [];
    for (const [key, delta] of this.deltas) {
      const groups = nonZero(delta.groups);
      // A delta that cancelled out within the batch changes nothing.
      if (!groups && delta.columns.every((c) => c === 0)) continue;
      const dims = key.split(SEP);
      const row = [...dims, ...delta.columns, groups ?? {}];
      // one lookup: a key newly added to `written` cannot be in the table yet
      if (written?.add(key)) inserts.push(row);
      else upserts.push(row);
      if (delta.undone) undone.push(dims);
    }
    this.deltas.clear();
    await loadRows(manager, load, 'buckets', COLUMNS, inserts);
    if (upserts.length > 0) {
      await manager.query(STAGE);
      await loadRows(manager, load, 'bucket_rows', COLUMNS, upserts);
      await manager.query(MERGE);
      await manager.query(`TRUNCATE bucket_rows`);
    }
    // An emptied bucket is no bucket, so live and rebuilt projections match row for row.
    if (undone.length > 0) {
      await manager.query(
        `DELETE FROM buckets b USING jsonb_array_elements($1::jsonb) AS k
         WHERE (b.tz, b.day, b.source, b.actor, b.target, b.category, b.country, b.admin1)
             = (k->>0, (k->>1)::date, k->>2, k->>3, k->>4, k->>5, k->>6, k->>7)
           AND b.incidents = 0 AND b.attacks = 0 AND b.killed = 0 AND b.wounded = 0 AND b.prisoners_released = 0 AND b.groups = '{}'`,
        [JSON.stringify(undone)],
      );
    }
  }
}

/** Zero entries dropped, as `jsonb_sum_maps` drops them, so a new row and a merged one agree; null when none is left. */
function nonZero(groups: Record<string, number> | null): Record<string, number> | null {
  if (!groups) return null;
  let kept: Record<string, number> | null = null;
  for (const name in groups) if (groups[name] !== 0) (kept ??= {})[name] = groups[name];
  return kept;
}
