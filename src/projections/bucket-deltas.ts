import { EntityManager } from 'typeorm';
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

const INSERT_ROWS = `
  INSERT INTO buckets AS b (tz, day, source, actor, target, category, country, admin1, incidents, attacks, killed, wounded, prisoners_released, groups)
  SELECT r->>0, (r->>1)::date, r->>2, r->>3, r->>4, r->>5, r->>6, r->>7,
         (r->>8)::float8, (r->>9)::float8, (r->>10)::float8, (r->>11)::float8, (r->>12)::float8, r->13
  FROM jsonb_array_elements($1::jsonb) AS r`;

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
   * The rows as one JSON document of arrays: the driver would escape every element of
   * fourteen arrays one by one (a tenth of a rebuild's CPU in Node), and PostgreSQL parses the
   * document faster than the arrays (16 against 19 µs a row, measured alone). Given the keys
   * written since the buckets were emptied (a rebuild), a row whose key is not among them is
   * inserted plainly: an upsert probes the index before inserting, and costs about a fifth more
   * a row (15 against 11.5 µs, measured alone).
   */
  async flush(manager: EntityManager, written: KeyFingerprints | null = null): Promise<void> {
    if (this.deltas.size === 0) return;
    const upserts: unknown[][] = [];
    const inserts: unknown[][] = [];
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
    if (inserts.length > 0) await manager.query(INSERT_ROWS, [JSON.stringify(inserts)]);
    if (upserts.length > 0) {
      await manager.query(
        `${INSERT_ROWS}
         ON CONFLICT (tz, day, source, actor, target, category, country, admin1) DO UPDATE SET
           incidents = b.incidents + excluded.incidents, attacks = b.attacks + excluded.attacks,
           killed = b.killed + excluded.killed, wounded = b.wounded + excluded.wounded,
           prisoners_released = b.prisoners_released + excluded.prisoners_released,
           groups = CASE WHEN excluded.groups = '{}' THEN b.groups ELSE jsonb_sum_maps(b.groups, excluded.groups) END`,
        [JSON.stringify(upserts)],
      );
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
