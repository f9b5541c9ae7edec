import { EntityManager } from 'typeorm';
import { Accord, Commitment } from '../accords/accord.types';
import { ResolvedFilter, resolveFilter } from '../compliance/filters';
import { DailyTotal } from '../compliance/evidence';
import { Claim } from '../compliance/verdict.types';
import { Checkpoint } from '../event-store/event.types';
import { dailyTotals, ResolvedFilterArrays } from './bucket-queries';
import { loadClaims, loadClaimsAsOf } from './claim-changes';

/** A commitment's filter as SQL arrays (alias groups expanded). */
export function filterArrays(commitment: Pick<Commitment, 'filter'>, accord: Accord): ResolvedFilterArrays {
  return asArrays(resolveFilter(commitment.filter, accord));
}

export function asArrays(resolved: ResolvedFilter): ResolvedFilterArrays {
  return Object.fromEntries(Object.entries(resolved).map(([key, values]) => [key, [...(values as Set<string>)]]));
}

/**
 * Where a shard stands: the boundary of the bucket log it has projected up to and its
 * checkpoint in the store. null: the projections as they stand (shard 0, which writes them).
 */
export type AsOf = { batch: string; upTo: Checkpoint } | null;

/** Everything the stored projections say about an accord's commitments, as of `asOf`: daily totals per source and all claims. */
export async function loadAccordEvidence(
  manager: EntityManager,
  accord: Accord,
  asOf: AsOf = null,
): Promise<{ totals: Map<string, DailyTotal[]>; claims: Claim[] }> {
  const totals = new Map<string, DailyTotal[]>();
  for (const commitment of accord.commitments) {
    totals.set(
      commitment.id,
      await dailyTotals(manager, accord.timezone, commitment.metric, filterArrays(commitment, accord), {}, asOf?.batch ?? null),
    );
  }
  return { totals, claims: asOf ? await loadClaimsAsOf(manager, asOf.upTo) : await loadClaims(manager) };
}

/** The latest day, in the accord's time zone, of a stored incident matching any of its commitments' filters, as of `asOf`. */
export async function latestIncidentDay(manager: EntityManager, accord: Accord, asOf: AsOf = null): Promise<string | null> {
  let latest: string | null = null;
  for (const commitment of accord.commitments) {
    for (const { day } of await dailyTotals(
      manager,
      accord.timezone,
      'incidents',
      filterArrays(commitment, accord),
      {},
      asOf?.batch ?? null,
    )) {
      if (latest === null || day > latest) latest = day;
    }
  }
  return latest;
}
