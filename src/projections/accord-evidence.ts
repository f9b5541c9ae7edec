import { EntityManager } from 'typeorm';
import { Accord, Commitment } from '../accords/accord.types';
import { ResolvedFilter, resolveFilter } from '../compliance/filters';
import { DailyTotal } from '../compliance/evidence';
import { Claim } from '../compliance/verdict.types';
import { dailyTotals, ResolvedFilterArrays } from './bucket-queries';
import { loadClaims } from './claim-changes';

/** A commitment's filter as SQL arrays (alias groups expanded). */
export function filterArrays(commitment: Pick<Commitment, 'filter'>, accord: Accord): ResolvedFilterArrays {
  return asArrays(resolveFilter(commitment.filter, accord));
}

export function asArrays(resolved: ResolvedFilter): ResolvedFilterArrays {
  return Object.fromEntries(Object.entries(resolved).map(([key, values]) => [key, [...(values as Set<string>)]]));
}

/** Everything the stored projections say about an accord's commitments: daily totals per source and all claims. */
export async function loadAccordEvidence(
  manager: EntityManager,
  accord: Accord,
): Promise<{ totals: Map<string, DailyTotal[]>; claims: Claim[] }> {
  const totals = new Map<string, DailyTotal[]>();
  for (const commitment of accord.commitments) {
    totals.set(commitment.id, await dailyTotals(manager, accord.timezone, commitment.metric, filterArrays(commitment, accord)));
  }
  return { totals, claims: await loadClaims(manager) };
}

/** The latest day, in the accord's time zone, of a stored incident matching any of its commitments' filters. */
export async function latestIncidentDay(manager: EntityManager, accord: Accord): Promise<string | null> {
  let latest: string | null = null;
  for (const commitment of accord.commitments) {
    for (const { day } of await dailyTotals(manager, accord.timezone, 'incidents', filterArrays(commitment, accord))) {
      if (latest === null || day > latest) latest = day;
    }
  }
  return latest;
}
