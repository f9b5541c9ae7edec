import type { Incident } from '../observations/observation';

/** CONTRACT section 2: what counts as an attack. */
export const ATTACK_CATEGORIES: ReadonlySet<string> = new Set(['attack', 'clash', 'airstrike', 'explosion', 'violence_against_civilians']);

type Counted = Pick<Incident, 'category' | 'killed' | 'wounded' | 'prisonersReleased'>;

const total = (groups: Record<string, number> | undefined) => {
  let sum = 0;
  for (const group in groups) sum += groups[group];
  return sum;
};

/** An incident's amount of a metric: attacks, incidents, killed[.group], wounded[.group], prisoners_released. */
export function metricValue(incident: Counted, metric: string): number {
  switch (metric) {
    case 'incidents':
      return 1;
    case 'attacks':
      return ATTACK_CATEGORIES.has(incident.category) ? 1 : 0;
    case 'killed':
      return total(incident.killed);
    case 'wounded':
      return total(incident.wounded);
    case 'prisoners_released':
      return incident.prisonersReleased ?? 0;
  }
  const dot = metric.indexOf('.');
  const measure = metric.slice(0, dot);
  const group = metric.slice(dot + 1);
  if (measure === 'killed') return incident.killed?.[group] ?? 0;
  if (measure === 'wounded') return incident.wounded?.[group] ?? 0;
  return 0;
}

/** Every metric an incident adds a non-zero amount to, with the amount. */
export function metricValues(incident: Counted): Record<string, number> {
  const values: Record<string, number> = { incidents: 1 };
  if (ATTACK_CATEGORIES.has(incident.category)) values.attacks = 1;
  for (const measure of ['killed', 'wounded'] as const) {
    const groups = incident[measure];
    const sum = total(groups);
    if (sum > 0) values[measure] = sum;
    for (const group in groups) if (groups[group] > 0) values[`${measure}.${group}`] = groups[group];
  }
  if (incident.prisonersReleased) values.prisoners_released = incident.prisonersReleased;
  return values;
}
