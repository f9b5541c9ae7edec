import { Accord, CommitmentFilter } from '../accords/accord.types';
import { claimMatches } from './filters';
import { Claim } from './verdict.types';

type Scoped = Pick<Accord, 'actors' | 'parties' | 'commitments'>;
type Filter = CommitmentFilter | Claim['filter'];

const named = (filters: Filter[], keys: (keyof CommitmentFilter)[]): string[] =>
  filters.flatMap((filter) => keys.flatMap((key) => [filter[key] ?? []].flat()));

/**
 * Whether a claim concerns an accord (CONTRACT section 10): its filter names one of the accord's
 * actors (alias groups and their members, parties, the commitments' actors and targets) or
 * countries (the commitments' `country`), or it is evidence on one of its commitments. The
 * store holds every accord's claims; this keeps another accord's out of its list.
 */
export function concernsAccord(accord: Scoped): (claim: Pick<Claim, 'metric' | 'filter'>) => boolean {
  const filters = accord.commitments.map((c) => c.filter);
  const aliases = Object.entries(accord.actors).flatMap(([group, members]) => [group, ...members]);
  const actors = new Set([...aliases, ...accord.parties, ...named(filters, ['actor', 'target'])]);
  const countries = new Set(named(filters, ['country']));
  return (claim) =>
    named([claim.filter], ['actor', 'target']).some((slug) => actors.has(slug)) ||
    named([claim.filter], ['country']).some((code) => countries.has(code)) ||
    accord.commitments.some((commitment) => claimMatches(claim, commitment, accord));
}
