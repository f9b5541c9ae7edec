import { Accord } from './accord.types';
import { expandAll } from './aliases';

/**
 * Which of an accord's actor names (alias members and the literal slugs its filters name) occur
 * in the store, and for one that does not, the store's most similar slugs: a typo or another
 * export's spelling (`...-2014-2021` against `...-2014`) otherwise only shows as a verdict that
 * never moves.
 */
export interface AliasCoverage {
  /** group (or the filter's literal slug) -> each of its names with its count in the store (0: none) */
  names: { group: string; slug: string; count: number; similar: string[] }[];
  /** store slugs no name of the accord matches, most frequent first */
  unmatched: { slug: string; count: number }[];
}

const SIMILAR = 3;

export function aliasCoverage(accord: Accord, store: ReadonlyMap<string, number>): AliasCoverage {
  // a validated accord lists each group's own name among its members, so a name in no group is a literal slug
  const literals = accord.commitments
    .flatMap((c) => [c.filter.actor, c.filter.target])
    .flatMap((value) => (value === undefined ? [] : expandAll(accord, value)))
    .filter((name) => !Object.values(accord.actors).some((members) => members.includes(name)));
  const groups = new Map<string, string[]>([
    ...Object.entries(accord.actors),
    ...literals.map((name): [string, string[]] => [name, [name]]),
  ]);
  const known = new Set<string>();
  const names = [...groups].flatMap(([group, slugs]) =>
    slugs.map((slug) => {
      known.add(slug);
      const count = store.get(slug) ?? 0;
      return { group, slug, count, similar: count ? [] : mostSimilar(slug, store.keys()) };
    }),
  );
  const unmatched = [...store]
    .filter(([slug]) => !known.has(slug))
    .map(([slug, count]) => ({ slug, count }))
    .sort((a, b) => b.count - a.count || a.slug.localeCompare(b.slug));
  return { names, unmatched };
}

/** Dice's coefficient on character pairs: cheap enough for every slug of a large export, and kind to a changed suffix. */
function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const pairs = (s: string) => Array.from({ length: Math.max(s.length - 1, 0) }, (_, i) => s.slice(i, i + 2));
  const left = new Map<string, number>();
  for (const pair of pairs(a)) left.set(pair, (left.get(pair) ?? 0) + 1);
  const right = pairs(b);
  let shared = 0;
  for (const pair of right) {
    const n = left.get(pair) ?? 0;
    if (n === 0) continue;
    shared++;
    left.set(pair, n - 1);
  }
  const total = Math.max(a.length - 1, 0) + right.length;
  return total ? (2 * shared) / total : 0;
}

function mostSimilar(slug: string, candidates: Iterable<string>): string[] {
  return [...candidates]
    .map((candidate) => ({ candidate, score: similarity(slug, candidate) }))
    .filter((c) => c.score >= 0.5)
    .sort((a, b) => b.score - a.score || a.candidate.localeCompare(b.candidate))
    .slice(0, SIMILAR)
    .map((c) => c.candidate);
}
