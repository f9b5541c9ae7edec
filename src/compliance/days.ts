/**
 * Calendar dates: 'YYYY-MM-DD' outside, day numbers (days since 1970-01-01) inside, so
 * windows are integer ranges. A date has no zone; an instant gets one through the accord.
 */
const DAY_MS = 86_400_000;

/**
 * Evaluation runs on every event and converts the same few hundred dates over and over, so
 * conversions are memoised (bounded: a cache is dropped when it grows past its limit).
 */
function memo<K, V>(compute: (key: K) => V, limit = 50_000): (key: K) => V {
  let cache = new Map<K, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      if (cache.size >= limit) cache = new Map();
      cache.set(key, (value = compute(key)));
    }
    return value;
  };
}

export const toDayNumber = memo((date: string): number =>
  Math.floor(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY_MS),
);

export const fromDayNumber = memo((day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10));

export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** The same date one year earlier; 29 February becomes 28 February. */
export const oneYearEarlier = memo((date: string): string => {
  const year = +date.slice(0, 4) - 1;
  const month = date.slice(5, 7);
  let day = +date.slice(8, 10);
  const lastDay = new Date(Date.UTC(year, +month, 0)).getUTCDate();
  if (day > lastDay) day = lastDay;
  return `${String(year).padStart(4, '0')}-${month}-${String(day).padStart(2, '0')}`;
});

const HOUR_MS = 3_600_000;
const zoneDates = new Map<string, (instant: number) => string>();

/**
 * The calendar date of `occurredAt` in a time zone; a bare date is already one. Formatting
 * is the hot part of projecting, so the date is looked up once per zone and UTC hour; an
 * hour that holds a local midnight (Kabul's is at 19:30Z) or an offset change is formatted
 * per instant.
 */
export function localDate(occurredAt: string, timezone: string): string {
  if (occurredAt.length === 10) return occurredAt;
  let dateOf = zoneDates.get(timezone);
  if (!dateOf) zoneDates.set(timezone, (dateOf = zoneDateLookup(timezone)));
  return dateOf(Date.parse(occurredAt));
}

function zoneDateLookup(timezone: string): (instant: number) => string {
  // en-CA formats as YYYY-MM-DD
  const formatter = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const format = (instant: number) => formatter.format(new Date(instant));
  const hour = memo((slot: number): string | null => {
    const first = format(slot * HOUR_MS);
    return first === format((slot + 1) * HOUR_MS - 1) ? first : null;
  });
  return (instant) => hour(Math.floor(instant / HOUR_MS)) ?? format(instant);
}
