import { acledCategory } from './category';
import { acledCountry } from './country';
import { acledDate } from './date';
import { acledExtras } from './extras';
import { AcledGaps } from './report';
import { actorSlug } from './actor';
import { ACLED_ERROR } from './reader';

/**
 * ACLED's CSV export as incidents (CONTRACT section 6). The README carries the same table:
 *
 * | ACLED column | incident field |
 * |---|---|
 * | (none) | `type: incident`, `source: acled` |
 * | event_id_cnty | `id` |
 * | timestamp | `revision` (ACLED keeps the id when it corrects an event and moves the timestamp, so a later export replaces corrected rows) |
 * | event_date | `occurredAt`, a date read in the accord's time zone: `2020-03-21`, or older exports' `21 March 2020`, `21-March-2020`, `21 Mar 2020`, `21/03/2020` (day first) |
 * | event_type, sub_event_type | `category`: Battles -> `clash`; Explosions/Remote violence -> `explosion`, but sub-event Air/drone strike -> `airstrike`; Violence against civilians -> `violence_against_civilians`; Riots, Protests, Strategic developments and anything else -> `other`. ACLED has no prisoner-release type, so imports never yield `prisoner_release`. Pre-2019 types: Battle-* -> `clash`, Remote violence -> `explosion` |
 * | actor1, actor2 | `actor`, `target` as slugs: accents dropped, lower case, `&` -> `and`, each run of other characters -> `-`, no `-` at either end, at most 64 characters. `Military Forces of Afghanistan (2014-2021)` -> `military-forces-of-afghanistan-2014-2021` |
 * | fatalities | `killed: {unspecified: n}` when n > 0 (ACLED does not split fatalities by side) |
 * | iso (numeric ISO 3166, e.g. 4), else country (by name or code) | `location.country` as alpha-2 (`AF`), from i18n-iso-countries; an unknown country is left out |
 * | admin1, admin2, location, latitude, longitude | `location.admin1`, `admin2`, `place`, `lat`, `lon` |
 * | notes | `notes`, cut to 4,000 characters |
 * | source (the news outlets) | `acledSources`, kept as an extra field; not the observation's `source` |
 *
 * Other columns are ignored. A header without one of ACLED_REQUIRED_COLUMNS stops the import
 * (every row would be wrong the same way); a row whose field count differs from the header's is
 * rejected on its own, since it usually means a broken quote swallowed the lines after it.
 */

/** Columns that must hold a value in every row. */
const NON_EMPTY = ['event_id_cnty', 'event_date', 'event_type'] as const;

export type AcledMapping = { ok: true; observation: Record<string, unknown>; gaps: AcledGaps } | { ok: false; code: string; field: string; reason: string };

const fail = (field: string, reason: string): AcledMapping => ({ ok: false, code: ACLED_ERROR.invalidRow, field, reason });

/** One CSV record (by column name) as an incident; the observation validator checks the rest. */
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
  const lat = coordinate(row.latitude);
  if (Number.isNaN(lat)) return fail('latitude', 'must be a number');
  const lon = coordinate(row.longitude);
  if (Number.isNaN(lon)) return fail('longitude', 'must be a number');
  const country = acledCountry(row.iso, row.country);
  const category = acledCategory(row.event_type, row.sub_event_type ?? '');
  const actor = actorSlug(row.actor1 ?? '');
  const location = defined({
    country: country.alpha2,
    admin1: text(row.admin1),
    admin2: text(row.admin2),
    place: text(row.location),
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
      category: category ?? 'other',
      actor,
      target: actorSlug(row.actor2 ?? ''),
      location: Object.keys(location).length ? location : undefined,
      killed: killed > 0 ? { unspecified: killed } : undefined,
      notes: text(row.notes)?.slice(0, 4000),
      acledSources: text(row.source),
      acled: acledExtras(row),
    }),
    gaps: { unknownCountry: country.unknown, countryConflict: country.conflict, unknownEventType: category ? undefined : row.event_type.trim(), noActor: !actor },
  };
}

const text = (value: string | undefined) => value?.trim() || undefined;
const coordinate = (value: string | undefined) => (value?.trim() ? Number(value) : undefined);
/** undefined when absent, NaN when not a whole number. */
const whole = (value: string | undefined) => {
  const number = coordinate(value);
  return number === undefined || Number.isInteger(number) ? number : NaN;
};
const defined = <T extends Record<string, unknown>>(object: T) => Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));
