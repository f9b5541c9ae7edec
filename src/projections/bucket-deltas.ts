import { EntityManager } from 'typeorm';
import { BulkLoad, Cell, loadRows } from '../database/bulk-rows';

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
export const DIMENSIONS = ['tz', 'day', 'source', 'actor', 'target', 'category', 'country', 'admin1'] as const;
const COLUMN_INDEX = new Map<string, number>(METRIC_COLUMNS.map((m, i) => [m, i]));
const SEP = '\u0000';

interface Delta {
  row: Cell[];
  columns: number[];
  groups: Record<string, number> | null;
}

export const BUCKET_COLUMNS = [...DIMENSIONS, ...METRIC_COLUMNS, 'groups'];
/** The log's rows also name the boundary they were written up to (see shards.ts). */
const LOG_COLUMNS = [...BUCKET_COLUMNS, 'batch'];

/**
 * Deltas of one batch, summed in memory per bucket, then appended as one row each: `buckets`
 * is a log of per-batch sums with no key of its own, and every reader sums it per bucket
 * (bucket-queries.ts). Appending by COPY spares the index probe and the rewritten row an
 * upsert costs, which would be most of the database's time in a rebuild.
 */
export class BucketDeltas {
  private readonly deltas = new Map<string, Delta>();

  add(tz: string, contribution: Contribution, sign: 1 | -1): void {
    const { day, dims } = contribution;
    const row: Cell[] = [tz, day, dims.source, dims.actor, dims.target, dims.category, dims.country, dims.admin1];
    const key = row.join(SEP);
    let delta = this.deltas.get(key);
    if (!delta) this.deltas.set(key, (delta = { row, columns: [0, 0, 0, 0, 0], groups: null }));
    for (const metric in contribution.metrics) {
      const amount = sign * contribution.metrics[metric];
      const column = COLUMN_INDEX.get(metric);
      if (column !== undefined) delta.columns[column] += amount;
      else (delta.groups ??= {})[metric] = (delta.groups[metric] ?? 0) + amount;
    }
  }

  /** Appends a row per bucket the batch changed, in bulk (see BulkLoad), labelled with the boundary `batch`. */
  async flush(manager: EntityManager, load: BulkLoad, batch: string): Promise<void> {
    const rows: Cell[][] = [];
    for (const { row, columns, groups } of this.deltas.values()) {
      const kept = nonZero(groups);
      // A delta that cancelled out within the batch changes nothing.
      if (!kept && columns.every((c) => c === 0)) continue;
      row.push(...columns, kept ?? {}, batch);
      rows.push(row);
    }
    this.deltas.clear();
    await loadRows(manager, load, 'buckets', LOG_COLUMNS, rows);
  }
}

/** Zero entries dropped (a casualty group that cancelled out is no group); null when none is left. */
function nonZero(groups: Record<string, number> | null): Record<string, number> | null {
  if (!groups) return null;
  let kept: Record<string, number> | null = null;
  for (const name in groups) if (groups[name] !== 0) (kept ??= {})[name] = groups[name];
  return kept;
}
