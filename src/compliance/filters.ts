import { Accord, Commitment, CommitmentFilter } from '../accords/accord.types';
import { expandAll, groupOf } from '../accords/aliases';
import { Claim } from './verdict.types';

export const FILTER_KEYS = ['actor', 'target', 'category', 'country', 'admin1', 'source'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
/** Each filtered key, the values it accepts; a key absent accepts anything. */
export type ResolvedFilter = Partial<Record<FilterKey, Set<string>>>;
export type Dims = Record<FilterKey, string>;

/** Only actors and targets have alias groups. */
const ALIASED: ReadonlySet<FilterKey> = new Set(['actor', 'target']);

const asList = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

export function resolveFilter(
  filter: CommitmentFilter | Record<string, string | string[]>,
  accord: Pick<Accord, 'actors'>,
): ResolvedFilter {
  const resolved: ResolvedFilter = {};
  for (const key of FILTER_KEYS) {
    const values = asList((filter as CommitmentFilter)[key]);
    if (values.length === 0) continue;
    resolved[key] = new Set(ALIASED.has(key) ? expandAll(accord, values) : values);
  }
  return resolved;
}

/** What both filters accept: a key either filters is filtered by both. */
export function bothFilters(a: ResolvedFilter, b: ResolvedFilter): ResolvedFilter {
  const both: ResolvedFilter = { ...a };
  for (const key of FILTER_KEYS) {
    const [x, y] = [a[key], b[key]];
    if (y) both[key] = x ? new Set([...x].filter((value) => y.has(value))) : y;
  }
  return both;
}

export function incidentMatches(dims: Dims, filter: ResolvedFilter): boolean {
  for (const key in filter) if (!filter[key as FilterKey]!.has(dims[key as FilterKey])) return false;
  return true;
}

/** A filter in a form where two that cover the same thing are equal: actors by alias group, sorted. */
function canonical(filter: CommitmentFilter | Record<string, string | string[]>, accord: Pick<Accord, 'actors'>): string {
  const entries = FILTER_KEYS.flatMap((key) => {
    const values = asList((filter as CommitmentFilter)[key]);
    if (values.length === 0) return [];
    const normalised = ALIASED.has(key) ? values.map((v) => groupOf(accord, v)) : values;
    return [[key, [...new Set(normalised)].sort()]];
  });
  return JSON.stringify(entries);
}

export function sameFilter(
  a: CommitmentFilter | Record<string, string | string[]>,
  b: CommitmentFilter | Record<string, string | string[]>,
  accord: Pick<Accord, 'actors'>,
): boolean {
  return canonical(a, accord) === canonical(b, accord);
}

/** A claim is evidence on a commitment when it measures the same metric under the same filter. */
export function claimMatches(
  claim: Pick<Claim, 'metric' | 'filter'>,
  commitment: Pick<Commitment, 'metric' | 'filter'>,
  accord: Pick<Accord, 'actors'>,
): boolean {
  return claim.metric === commitment.metric && sameFilter(claim.filter, commitment.filter, accord);
}
