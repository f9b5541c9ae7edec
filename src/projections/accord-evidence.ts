import { EntityManager } from 'typeorm';
import { Accord, Commitment } from '../accords/accord.types';
import { claimMatches, ResolvedFilter, resolveFilter } from '../compliance/filters';
import { toDayNumber } from '../compliance/days';
import { DailySeries } from '../compliance/series';
import { Claim } from '../compliance/verdict.types';
import { DailyTotal, dailyTotals, ResolvedFilterArrays } from './bucket-queries';
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

/** Per-source daily series of one commitment, from its stored daily totals. */
export function seriesBySource(totals: readonly DailyTotal[]): Map<string, DailySeries> {
  const series = new Map<string, DailySeries>();
  for (const total of totals) seriesOf(series, total.source).add(toDayNumber(total.day), total.value);
  return series;
}

export function seriesOf(series: Map<string, DailySeries>, source: string): DailySeries {
  let found = series.get(source);
  if (!found) series.set(source, (found = new DailySeries()));
  return found;
}

/** The claims that are evidence on a commitment: same metric, same filter (through aliases). */
export function claimsFor(commitment: Commitment, accord: Accord, claims: readonly Claim[]): Claim[] {
  return claims.filter((claim) => claimMatches(claim, commitment, accord));
}
