import { Period, PlacePrecision } from '../../observations/observation';

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * ACLED's `time_precision` as the dates the event may have happened on: 2 the Monday-Sunday
 * week holding the recorded date, 3 its calendar month; 1 (the day itself) and unknown codes none.
 */
export function acledDateRange(date: string, timePrecision: string | undefined): Period | undefined {
  const [year, month, day] = date.split('-').map(Number);
  const ms = Date.UTC(year, month - 1, day);
  if (timePrecision?.trim() === '2') {
    const monday = ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY_MS;
    return { from: iso(monday), to: iso(monday + 6 * DAY_MS) };
  }
  if (timePrecision?.trim() === '3') return { from: iso(Date.UTC(year, month - 1, 1)), to: iso(Date.UTC(year, month, 0)) };
  return undefined;
}

/** ACLED's `geo_precision` 1-3 (the place itself, near it, only its region) as the contract's words. */
export function acledPlacePrecision(geoPrecision: string | undefined): PlacePrecision | undefined {
  return ({ '1': 'exact', '2': 'near', '3': 'region' } as const)[geoPrecision?.trim() ?? ''];
}
