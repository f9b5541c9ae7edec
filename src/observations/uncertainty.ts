import type { Incident } from './observation';

/** Each bound map with the best estimate it brackets, and which side of it the bound must stay. */
const BOUNDS = [
  { field: 'killedLow', best: 'killed', low: true },
  { field: 'killedHigh', best: 'killed', low: false },
  { field: 'woundedLow', best: 'wounded', low: true },
  { field: 'woundedHigh', best: 'wounded', low: false },
] as const;

/**
 * The longest `dateRange`, a leap year: readers that count an event on every day it may have
 * happened look this far around the dates they ask for.
 */
export const MAX_RANGE_DAYS = 366;
const DAY_MS = 86_400_000;

/**
 * What the uncertainty fields (CONTRACT section 9) must agree on with the rest of the incident:
 * the range holds the recorded date, and each group's low <= best <= high. A bound needs its
 * group's best estimate, since the metrics sum the best map and a bound of a group they never
 * count would bracket nothing.
 */
export function uncertaintyRejections(incident: Incident): { field: string; reason: string }[] {
  const errors: { field: string; reason: string }[] = [];
  const date = incident.occurredAt.slice(0, 10);
  const range = incident.dateRange;
  if (range && (date < range.from || date > range.to)) {
    errors.push({ field: 'dateRange', reason: `must hold the date of occurredAt (${date})` });
  }
  if (range && (Date.parse(range.to) - Date.parse(range.from)) / DAY_MS + 1 > MAX_RANGE_DAYS) {
    errors.push({ field: 'dateRange', reason: `must span at most ${MAX_RANGE_DAYS} days` });
  }
  for (const { field, best, low } of BOUNDS) {
    for (const [group, bound] of Object.entries(incident[field] ?? {})) {
      const estimate = incident[best]?.[group];
      const at = `${field}.${group}`;
      if (estimate === undefined) errors.push({ field: at, reason: `needs the best estimate ${best}.${group}` });
      else if (low && bound > estimate) errors.push({ field: at, reason: `must not be above ${best}.${group} (${estimate})` });
      else if (!low && bound < estimate) errors.push({ field: at, reason: `must not be below ${best}.${group} (${estimate})` });
    }
  }
  return errors;
}
