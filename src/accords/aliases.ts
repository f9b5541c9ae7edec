import { Accord } from './accord.types';

/**
 * Observations name one actor many ways (`taliban`, `islamic-emirate-of-afghanistan`); an
 * accord's `actors` groups them. Commitment filters name a group or a literal slug.
 */
type Aliases = Pick<Accord, 'actors'>;

const own = (accord: Aliases, name: string) => Object.prototype.hasOwnProperty.call(accord.actors, name);

/** The alias group a raw actor slug belongs to, or the slug itself when no group lists it. */
export function groupOf(accord: Aliases, slug: string): string {
  if (own(accord, slug)) return slug;
  for (const [group, names] of Object.entries(accord.actors)) if (names.includes(slug)) return group;
  return slug;
}

/** Every slug a filter value stands for: a group's members (itself included), or just the slug. */
export function expand(accord: Aliases, nameOrSlug: string): string[] {
  if (!own(accord, nameOrSlug)) return [nameOrSlug];
  // a validated accord already lists the group first; hand-built ones may not
  return [...new Set([nameOrSlug, ...accord.actors[nameOrSlug]])];
}

/** A filter value (one name or a list) expanded and de-duplicated, in first-seen order. */
export function expandAll(accord: Aliases, value: string | readonly string[]): string[] {
  const names = typeof value === 'string' ? [value] : value;
  return [...new Set(names.flatMap((name) => expand(accord, name)))];
}
