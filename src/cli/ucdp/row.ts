import { IncidentCategory, PlacePrecision } from '../../observations/observation';
import { actorSlug } from '../acled/actor';
import { cellNumber, cellText, defined } from '../cells';
import { RowMapping } from '../mapping-report';
import { ucdpCountry } from './country';
import { GED_COUNTS, GedCounts, gedKilled } from './deaths';
import { ucdpExtras } from './extras';
import { UCDP_ERROR } from './reader';
import { UcdpGaps } from './report';

const CATEGORY: Record<string, IncidentCategory> = { '1': 'clash', '2': 'clash', '3': 'violence_against_civilians' };
/** GED's where_prec: 3 and 4 are the adm_2 and adm_1 of the event, 5 a larger area, 6 the country, 7 waters or air. */
const PLACE: Record<string, PlacePrecision> = {
  '1': 'exact',
  '2': 'near',
  '3': 'region',
  '4': 'region',
  '5': 'country',
  '6': 'country',
  '7': 'country',
};

const fail = (field: string, reason: string): RowMapping<UcdpGaps> => ({ ok: false, code: UCDP_ERROR.invalidRow, field, reason });
/** GED writes `2020-03-02` or `2020-03-02 00:00:00.000`: the date part; the validator checks it exists. */
const datePart = (value: string | undefined) => /^(\d{4}-\d{2}-\d{2})(?:[ T][\d:.]*)?$/.exec(value?.trim() ?? '')?.[1];

/** One GED record (by column name) as an incident, as docs/ucdp.md tells column by column; the observation validator checks the rest. */
export function mapUcdpRow(row: Record<string, string>, revision: number): RowMapping<UcdpGaps> {
  const id = cellText(row.id);
  if (!id) return fail('id', 'is empty');
  const occurredAt = datePart(row.date_start);
  if (!occurredAt) return fail('date_start', `is not a date: '${row.date_start}'`);
  const end = cellText(row.date_end) ? datePart(row.date_end) : occurredAt;
  if (!end) return fail('date_end', `is not a date: '${row.date_end}'`);
  const counts = {} as GedCounts;
  for (const column of GED_COUNTS) {
    counts[column] = /^\d+$/.test(row[column]?.trim() ?? '') ? Number(row[column]) : NaN;
    if (Number.isNaN(counts[column])) return fail(column, `must be a non-negative whole number, not '${row[column] ?? ''}'`);
  }
  const sum = counts.deaths_a + counts.deaths_b + counts.deaths_civilians + counts.deaths_unknown;
  if (counts.best !== sum) return fail('best', `must be deaths_a + deaths_b + deaths_civilians + deaths_unknown (${sum})`);
  if (counts.low > counts.best) return fail('low', `must not be above best (${counts.best})`);
  if (counts.high < counts.best) return fail('high', `must not be below best (${counts.best})`);
  const lat = cellNumber(row.latitude);
  if (Number.isNaN(lat)) return fail('latitude', 'must be a number');
  const lon = cellNumber(row.longitude);
  if (Number.isNaN(lon)) return fail('longitude', 'must be a number');
  const country = ucdpCountry(row.country);
  const violence = row.type_of_violence.trim();
  const actor = actorSlug(row.side_a);
  const location = defined({
    country: country.alpha2,
    admin1: cellText(row.adm_1),
    admin2: cellText(row.adm_2),
    place: cellText(row.where_coordinates),
    lat,
    lon,
  });
  const killed = gedKilled(row.side_a, row.side_b, counts);
  return {
    ok: true,
    observation: defined({
      type: 'incident',
      source: 'ucdp',
      id,
      revision,
      occurredAt,
      dateRange: end !== occurredAt ? { from: occurredAt, to: end } : undefined,
      category: CATEGORY[violence] ?? 'other',
      actor,
      target: actorSlug(row.side_b),
      location: Object.keys(location).length ? location : undefined,
      placePrecision: PLACE[row.where_prec?.trim() ?? ''],
      ...killed,
      ucdp: ucdpExtras(row),
    }),
    gaps: { unknownCountry: country.unknown, unknownViolenceType: CATEGORY[violence] ? undefined : violence, noActor: !actor },
  };
}
