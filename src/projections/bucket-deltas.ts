import { EntityManager } from 'typeorm';

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

  async flush(manager: EntityManager): Promise<void> {
    if (this.deltas.size === 0) return;
    const keys: string[][] = [[], [], [], [], [], [], [], []];
    const columns: number[][] = [[], [], [], [], []];
    const groups: string[] = [];
    const undone: boolean[] = [];
    for (const [key, delta] of this.deltas) {
      const groupsJson = nonZeroJson(delta.groups);
      // A delta that cancelled out within the batch changes nothing.
      if (groupsJson === '{}' && delta.columns.every((c) => c === 0)) continue;
      const parts = key.split(SEP);
      for (let i = 0; i < 8; i++) keys[i].push(parts[i]);
      for (let i = 0; i < 5; i++) columns[i].push(delta.columns[i]);
      groups.push(groupsJson);
      undone.push(delta.undone);
    }
    this.deltas.clear();
    if (groups.length === 0) return;
    await manager.query(
      `INSERT INTO buckets AS b (tz, day, source, actor, target, category, country, admin1, incidents, attacks, killed, wounded, prisoners_released, groups)
       SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                            $9::float8[], $10::float8[], $11::float8[], $12::float8[], $13::float8[], $14::jsonb[])
       ON CONFLICT (tz, day, source, actor, target, category, country, admin1) DO UPDATE SET
         incidents = b.incidents + excluded.incidents, attacks = b.attacks + excluded.attacks,
         killed = b.killed + excluded.killed, wounded = b.wounded + excluded.wounded,
         prisoners_released = b.prisoners_released + excluded.prisoners_released,
         groups = CASE WHEN excluded.groups = '{}' THEN b.groups ELSE jsonb_sum_maps(b.groups, excluded.groups) END`,
      [...keys, ...columns, groups],
    );
    // An emptied bucket is no bucket, so live and rebuilt projections match row for row.
    if (undone.includes(true)) {
      const pick = <T>(values: T[]) => values.filter((_, i) => undone[i]);
      await manager.query(
        `DELETE FROM buckets b USING unnest($1::text[], $2::date[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
           AS k(tz, day, source, actor, target, category, country, admin1)
         WHERE (b.tz, b.day, b.source, b.actor, b.target, b.category, b.country, b.admin1)
             = (k.tz, k.day, k.source, k.actor, k.target, k.category, k.country, k.admin1)
           AND b.incidents = 0 AND b.attacks = 0 AND b.killed = 0 AND b.wounded = 0 AND b.prisoners_released = 0 AND b.groups = '{}'`,
        keys.map(pick),
      );
    }
  }
}

/** Zero entries dropped, as `jsonb_sum_maps` drops them, so a new row and a merged one agree. */
function nonZeroJson(groups: Record<string, number> | null): string {
  if (!groups) return '{}';
  const kept: Record<string, number> = {};
  let any = false;
  for (const name in groups) {
    if (groups[name] !== 0) {
      kept[name] = groups[name];
      any = true;
    }
  }
  return any ? JSON.stringify(kept) : '{}';
}
