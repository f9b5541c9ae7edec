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

const SEP = '\u0000';

/**
 * Deltas of one batch, summed in memory so each bucket gets one upsert per batch however
 * many incidents of the batch fall in it.
 */
export class BucketDeltas {
  private readonly deltas = new Map<string, number>();
  /** buckets a revision or retraction took from: they may now be empty */
  private readonly undone = new Set<string>();

  add(tz: string, contribution: Contribution, sign: 1 | -1): void {
    const { day, dims } = contribution;
    const rest = [dims.source, day, dims.actor, dims.target, dims.category, dims.country, dims.admin1].join(SEP);
    for (const metric in contribution.metrics) {
      const key = tz + SEP + metric + SEP + rest;
      this.deltas.set(key, (this.deltas.get(key) ?? 0) + sign * contribution.metrics[metric]);
      if (sign < 0) this.undone.add(key);
    }
  }

  get size(): number {
    return this.deltas.size;
  }

  async flush(manager: EntityManager): Promise<void> {
    if (this.deltas.size === 0) return;
    const columns: string[][] = [[], [], [], [], [], [], [], [], []];
    const values: number[] = [];
    for (const [key, value] of this.deltas) {
      if (value === 0) continue;
      const parts = key.split(SEP);
      for (let i = 0; i < 9; i++) columns[i].push(parts[i]);
      values.push(value);
    }
    this.deltas.clear();
    if (values.length === 0) return;
    await manager.query(
      `INSERT INTO buckets AS b (tz, metric, source, day, actor, target, category, country, admin1, value)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::float8[])
       ON CONFLICT (tz, metric, source, day, actor, target, category, country, admin1)
       DO UPDATE SET value = b.value + excluded.value`,
      [...columns, values],
    );
    // An emptied bucket is no bucket, so live and rebuilt projections match row for row.
    if (this.undone.size > 0) {
      const keys = [...this.undone].map((key) => key.split(SEP));
      this.undone.clear();
      await manager.query(
        `DELETE FROM buckets b USING unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
           AS k(tz, metric, source, day, actor, target, category, country, admin1)
         WHERE b.value = 0 AND (b.tz, b.metric, b.source, b.day, b.actor, b.target, b.category, b.country, b.admin1)
             = (k.tz, k.metric, k.source, k.day, k.actor, k.target, k.category, k.country, k.admin1)`,
        Array.from({ length: 9 }, (_, i) => keys.map((parts) => parts[i])),
      );
    }
  }
}
