import { actorSlug } from '../acled/actor';

/** GED's counts of an event's dead: the best estimate by side, then the event's best, low and high. */
export const GED_COUNTS = ['deaths_a', 'deaths_b', 'deaths_civilians', 'deaths_unknown', 'best', 'low', 'high'] as const;
export type GedCounts = Record<(typeof GED_COUNTS)[number], number>;

type Groups = Record<string, number>;

/**
 * UCDP's best estimate by group: each side's deaths under its slug, then `civilians` and
 * `unknown`. Groups sharing a slug add up: a one-sided event's side_b is `Civilians`.
 */
function bestByGroup(sideA: string, sideB: string, d: GedCounts): Groups {
  const groups: Groups = {};
  // a side without a name (no letters or digits) is one UCDP could not attribute
  const add = (group = 'unknown', n: number) => {
    if (n > 0) groups[group] = (groups[group] ?? 0) + n;
  };
  add(actorSlug(sideA), d.deaths_a);
  add(actorSlug(sideB), d.deaths_b);
  add('civilians', d.deaths_civilians);
  add('unknown', d.deaths_unknown);
  return groups;
}

/**
 * A total spread over the groups in proportion to their best estimates, by largest remainder
 * so the shares add up to the total exactly; a total at or under the best sum gives each group
 * at most its best, one at or over it at least its best, as validation asks.
 */
function spread(total: number, best: Groups): Groups {
  const entries = Object.entries(best);
  const sum = entries.reduce((s, [, n]) => s + n, 0);
  const shares = entries.map(([group, n], order) => ({ group, order, share: Math.floor((total * n) / sum), rest: (total * n) % sum }));
  let left = total - shares.reduce((s, x) => s + x.share, 0);
  for (const x of [...shares].sort((a, b) => b.rest - a.rest || a.order - b.order)) if (left-- > 0) x.share++;
  return Object.fromEntries(shares.map((x) => [x.group, x.share]));
}

/**
 * killed, killedLow and killedHigh from GED's per-side best estimates and its total low and
 * high (docs/ucdp.md). An event whose best is 0 but whose high is not keeps that high under
 * `unknown`, the group UCDP counts deaths it cannot attribute in.
 */
export function gedKilled(sideA: string, sideB: string, d: GedCounts): { killed?: Groups; killedLow?: Groups; killedHigh?: Groups } {
  const best = bestByGroup(sideA, sideB, d);
  const sum = Object.values(best).reduce((s, n) => s + n, 0);
  if (sum === 0) return d.high > 0 ? { killed: { unknown: 0 }, killedHigh: { unknown: d.high } } : {};
  return {
    killed: best,
    killedLow: d.low < sum ? spread(d.low, best) : undefined,
    killedHigh: d.high > sum ? spread(d.high, best) : undefined,
  };
}
