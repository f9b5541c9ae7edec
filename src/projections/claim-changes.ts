import { EntityManager } from 'typeorm';
import { claimFromAggregate } from '../compliance/claims';
import { Claim } from '../compliance/verdict.types';
import { Checkpoint } from '../event-store/event.types';
import { Aggregate } from '../observations/observation';

/** The batch's claim changes: the last word on each (source, id) wins. */
export class ClaimChanges {
  private readonly changes = new Map<string, { source: string; id: string; claim: (Claim & { position: string }) | null }>();

  put(claim: Claim, position: string): void {
    this.changes.set(`${claim.source}\u0000${claim.id}`, { source: claim.source, id: claim.id, claim: { ...claim, position } });
  }

  remove(source: string, id: string): void {
    this.changes.set(`${source}\u0000${id}`, { source, id, claim: null });
  }

  async flush(manager: EntityManager): Promise<void> {
    if (this.changes.size === 0) return;
    const all = [...this.changes.values()];
    this.changes.clear();
    await manager.query(
      `DELETE FROM claims c USING unnest($1::text[], $2::text[]) AS k(source, id) WHERE c.source = k.source AND c.id = k.id`,
      [all.map((c) => c.source), all.map((c) => c.id)],
    );
    const kept = all.flatMap((c) => (c.claim ? [c.claim] : []));
    if (kept.length === 0) return;
    await manager.query(
      `INSERT INTO claims (source, id, position, metric, filter, period_from, period_to, value, baseline)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::jsonb[], $6::date[], $7::date[], $8::float8[], $9::jsonb[])`,
      [
        kept.map((c) => c.source),
        kept.map((c) => c.id),
        kept.map((c) => c.position),
        kept.map((c) => c.metric),
        kept.map((c) => JSON.stringify(c.filter)),
        kept.map((c) => c.period.from),
        kept.map((c) => c.period.to),
        kept.map((c) => c.value),
        kept.map((c) => (c.baseline ? JSON.stringify(c.baseline) : null)),
      ],
    );
  }
}

export async function loadClaims(manager: EntityManager): Promise<Claim[]> {
  const rows = await manager.query(
    `SELECT source, id, metric, filter, to_char(period_from, 'YYYY-MM-DD') AS "from", to_char(period_to, 'YYYY-MM-DD') AS "to", value, baseline
     FROM claims ORDER BY source, id`,
  );
  return rows.map((r: Record<string, any>) => ({
    source: r.source,
    id: r.id,
    metric: r.metric,
    filter: r.filter,
    period: { from: r.from, to: r.to },
    value: Number(r.value),
    baseline: r.baseline,
  }));
}

/**
 * The claims as of `upTo`, from the store itself: what a shard seeding a monitor at its own
 * checkpoint reads, since the claims table is as of shard 0's. The aggregates' partial index
 * finds the observations that ever were one; their latest version up to `upTo` decides.
 * In the order loadClaims gives, so a monitor sees its claims alike whichever it was seeded from.
 */
export async function loadClaimsAsOf(manager: EntityManager, upTo: Checkpoint): Promise<Claim[]> {
  const rows: { data: Aggregate }[] = await manager.query(
    `SELECT h.data FROM (SELECT DISTINCT stream, key FROM events WHERE type = 'aggregate' AND (tx_id, position) <= ($1::xid8, $2::bigint)) k
     CROSS JOIN LATERAL (
       SELECT e.type, e.data FROM events e
       WHERE e.stream = k.stream AND e.key = k.key AND (e.tx_id, e.position) <= ($1::xid8, $2::bigint)
       ORDER BY e.revision DESC LIMIT 1) h
     WHERE h.type = 'aggregate' ORDER BY h.data->>'source', h.data->>'id'`,
    [upTo.txId, upTo.position],
  );
  return rows.map((row) => claimFromAggregate(row.data));
}
