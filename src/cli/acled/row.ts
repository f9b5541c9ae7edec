import { cellNumber, cellText, defined } from '../cells';
import { RowMapping } from '../mapping-report';
import { acledCategory } from './category';
import { acledCountry } from './country';
import { acledDate } from './date';
import { acledExtras } from './extras';
import { acledDateRange, acledPlacePrecision } from './precision';
import { AcledGaps } from './report';
import { actorSlug } from './actor';
import { ACLED_ERROR } from './reader';

/** Columns that must hold a value in every row. */
const NON_EMPTY = ['event_id_cnty', 'event_date', 'event_type'] as const;

type AcledMapping = RowMapping<AcledGaps>;

const fail = (field: string, reason: string): AcledMapping => ({ ok: false, code: ACLED_ERROR.invalidRow, field, reason });

/** One CSV record (by column name) as an incident, as docs/acled.md tells column by column; the observation validator checks the rest. */
export function mapAcledRow(row: Record<string, string>): AcledMapping {
  for (const column of NON_EMPTY) {
    if (row[column] === undefined) return fail(column, 'missing column');
    if (!row[column].trim()) return fail(column, 'is empty');
  }
  const occurredAt = acledDate(row.event_date);
  if (!occurredAt) return fail('event_date', `is not a date: '${row.event_date}'`);
  const revision = whole(row.timestamp) ?? 1;
  if (Number.isNaN(revision) || revision < 1) return fail('timestamp', 'must be a positive whole number');
  const killed = whole(row.fatalities) ?? 0;
  if (Number.isNaN(killed) || killed < 0) return fail('fatalities', 'must be a non-negative whole number');
  const lat = cellNumber(row.latitude);
  if (Number.isNaN(lat)) return fail('latitude', 'must be a number');
  const lon = cellNumber(row.longitude);
  if (Number.isNaN(lon)) return fail('longitude', 'must be a number');
  const country = acledCountry(row.iso, row.country);
  const category = acledCategory(row.event_type, row.sub_event_type ?? '');
  const actor = actorSlug(row.actor1 ?? '');
  const location = defined({
    country: country.alpha2,
    admin1: cellText(row.admin1),
    admin2: cellText(row.admin2),
    place: cellText(row.location),
    lat,
    lon,
  });
  return {
    ok: true,
    observation: defined({
      type: 'incident',
      source: 'acled',
      id: row.event_id_cnty.trim(),
      revision,
      occurredAt,
      dateRange: acledDateRange(occurredAt, row.time_precision),
      category: category ?? 'other',
      actor,
      target: actorSlug(row.actor2 ?? ''),
      location: Object.keys(location).length ? location : undefined,
      placePrecision: acledPlacePrecision(row.geo_precision),
      killed: killed > 0 ? { unspecified: killed } : undefined,
      notes: cellText(row.notes)?.slice(0, 4000),
      acledSources: cellText(row.source),
      acled: acledExtras(row),
    }),
    gaps: {
      unknownCountry: country.unknown,
      countryConflict: country.conflict,
      unknownEventType: category ? undefined : row.event_type.trim(),
      noActor: !actor,
    },
  };
}

/** undefined when absent, NaN when not a whole number. */
const whole = (value: string | undefined) => {
  const number = cellNumber(value);
  return number === undefined || Number.isInteger(number) ? number : NaN;
};
