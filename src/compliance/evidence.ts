import { Accord, Commitment } from '../accords/accord.types';
import { toDayNumber } from './days';
import { claimMatches } from './filters';
import { DailySeries } from './series';
import { Claim } from './verdict.types';

/** One day's sum of a commitment's metric for one source, as the stored buckets give it. */
export interface DailyTotal {
  source: string;
  day: string;
  value: number;
}

/** Per-source daily series of one commitment, from its daily totals. */
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
