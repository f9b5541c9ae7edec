import { CsvReader } from './csv';

/**
 * ACLED's CSV export as incidents (CONTRACT section 6). The README carries the same table:
 *
 * | ACLED column | incident field |
 * |---|---|
 * | (none) | `type: incident`, `source: acled` |
 * | event_id_cnty | `id` |
 * | timestamp | `revision` (ACLED keeps the id when it corrects an event and moves the timestamp, so a later export replaces corrected rows) |
 * | event_date | `occurredAt`, a date read in the accord's time zone: `2020-03-21`, or older exports' `21 March 2020` / `21-March-2020` (`21 Mar 2020` too) |
 * | event_type, sub_event_type | `category`: Battles -> `clash`; Explosions/Remote violence -> `explosion`, but sub-event Air/drone strike -> `airstrike`; Violence against civilians -> `violence_against_civilians`; Riots, Protests, Strategic developments and anything else -> `other`. ACLED has no prisoner-release type, so imports never yield `prisoner_release`. Pre-2019 types: Battle-* -> `clash`, Remote violence -> `explosion` |
 * | actor1, actor2 | `actor`, `target` as slugs: accents dropped, lower case, `&` -> `and`, each run of other characters -> `-`, no `-` at either end, at most 64 characters. `Military Forces of Afghanistan (2014-2021)` -> `military-forces-of-afghanistan-2014-2021` |
 * | fatalities | `killed: {unspecified: n}` when n > 0 (ACLED does not split fatalities by side) |
 * | iso (numeric ISO 3166, e.g. 4), else country (by English name) | `location.country` as alpha-2 (`AF`), for the countries ACLED covers most; others are left out |
 * | admin1, admin2, location, latitude, longitude | `location.admin1`, `admin2`, `place`, `lat`, `lon` |
 * | notes | `notes`, cut to 4,000 characters |
 * | source (the news outlets) | `acledSources`, kept as an extra field; not the observation's `source` |
 *
 * Other columns are ignored. A header without one of ACLED_REQUIRED_COLUMNS stops the import
 * (every row would be wrong the same way); a row whose field count differs from the header's is
 * rejected on its own, since it usually means a broken quote swallowed the lines after it.
 */

/** Without these the mapping would silently change meaning (no id, no date, no actor, no airstrikes). */
export const ACLED_REQUIRED_COLUMNS = ['event_id_cnty', 'event_date', 'event_type', 'sub_event_type', 'actor1', 'actor2', 'fatalities', 'timestamp'] as const;
/** Columns that must hold a value in every row. */
const NON_EMPTY = ['event_id_cnty', 'event_date', 'event_type', 'actor1', 'fatalities', 'timestamp'] as const;

export const ACLED_ERROR = { missingColumn: 'ACLED.MISSING_COLUMN', invalidRow: 'ACLED.INVALID_ROW' } as const;

/** A header that cannot be imported; the whole file is refused. */
export class AcledHeaderError extends Error {
  readonly code = ACLED_ERROR.missingColumn;
  constructor(readonly field: string) {
    super(`the CSV header has no column ${field}`);
  }
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Numeric ISO 3166 code, alpha-2, and the English names ACLED writes in `country`. */
const COUNTRIES: [number, string, ...string[]][] = [
  [4, 'AF', 'Afghanistan'], [586, 'PK', 'Pakistan'], [364, 'IR', 'Iran'], [368, 'IQ', 'Iraq'], [760, 'SY', 'Syria'],
  [887, 'YE', 'Yemen'], [804, 'UA', 'Ukraine'], [643, 'RU', 'Russia'], [706, 'SO', 'Somalia'], [729, 'SD', 'Sudan'],
  [728, 'SS', 'South Sudan'], [466, 'ML', 'Mali'], [566, 'NG', 'Nigeria'], [180, 'CD', 'Democratic Republic of Congo', 'Democratic Republic of the Congo'],
  [231, 'ET', 'Ethiopia'], [104, 'MM', 'Myanmar'], [170, 'CO', 'Colombia'], [484, 'MX', 'Mexico'], [434, 'LY', 'Libya'],
  [422, 'LB', 'Lebanon'], [275, 'PS', 'Palestine'], [376, 'IL', 'Israel'], [792, 'TR', 'Turkey', 'Turkiye', 'Türkiye'], [356, 'IN', 'India'],
  [854, 'BF', 'Burkina Faso'], [562, 'NE', 'Niger'], [140, 'CF', 'Central African Republic'], [508, 'MZ', 'Mozambique'],
  [120, 'CM', 'Cameroon'], [404, 'KE', 'Kenya'], [608, 'PH', 'Philippines'], [31, 'AZ', 'Azerbaijan'], [51, 'AM', 'Armenia'],
];
const BY_NUMBER = new Map(COUNTRIES.map(([number, alpha2]) => [number, alpha2]));
const BY_NAME = new Map(COUNTRIES.flatMap(([, alpha2, ...names]) => names.map((name) => [name.toLowerCase(), alpha2] as const)));

export function actorSlug(name: string): string | undefined {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents: Séléka -> seleka, not s-l-ka
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, ''); // the cut may end on a dash
  return slug || undefined;
}

/** `2020-03-21`, or older exports' `21 March 2020` / `21-March-2020`; null when it is not a real date. */
export function acledDate(text: string): string | null {
  const value = text.trim();
  let ymd: [number, number, number] | null = null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (iso) ymd = [+iso[1], +iso[2], +iso[3]];
  const long = /^(\d{1,2})[\s-]+([A-Za-z]+)\.?[\s-]+(\d{4})$/.exec(value);
  if (long) {
    const word = long[2].toLowerCase();
    const month = MONTHS.findIndex((m) => m === word || (word.length === 3 && m.startsWith(word)));
    if (month >= 0) ymd = [+long[3], month + 1, +long[1]];
  }
  if (!ymd) return null;
  const [year, month, day] = ymd;
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31 April over to 1 May; a real date survives the round trip
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function acledCategory(eventType: string, subEventType: string): string {
  const type = eventType.trim().toLowerCase();
  if (type === 'battles' || type.startsWith('battle-')) return 'clash';
  if (type === 'explosions/remote violence' || type === 'remote violence') {
    return subEventType.trim().toLowerCase() === 'air/drone strike' ? 'airstrike' : 'explosion';
  }
  if (type === 'violence against civilians') return 'violence_against_civilians';
  return 'other';
}

/** Alpha-2 from the numeric `iso` column, else from the `country` name; undefined when unknown. */
export function acledCountry(iso: string | undefined, country: string | undefined): string | undefined {
  const number = iso?.trim() ? Number(iso) : NaN;
  return BY_NUMBER.get(number) ?? BY_NAME.get((country ?? '').trim().toLowerCase());
}

export type AcledMapping = { ok: true; observation: Record<string, unknown> } | { ok: false; code: string; field: string; reason: string };

const fail = (field: string, reason: string): AcledMapping => ({ ok: false, code: ACLED_ERROR.invalidRow, field, reason });

/** One CSV record (by column name) as an incident; the observation validator checks the rest. */
export function mapAcledRow(row: Record<string, string>): AcledMapping {
  for (const column of NON_EMPTY) {
    if (row[column] === undefined) return fail(column, 'missing column');
    if (!row[column].trim()) return fail(column, 'is empty');
  }
  const occurredAt = acledDate(row.event_date);
  if (!occurredAt) return fail('event_date', `is not a date: '${row.event_date}'`);
  const revision = Number(row.timestamp);
  if (!Number.isInteger(revision) || revision < 1) return fail('timestamp', 'must be a positive whole number');
  const killed = Number(row.fatalities);
  if (!Number.isInteger(killed) || killed < 0) return fail('fatalities', 'must be a non-negative whole number');
  const lat = coordinate(row.latitude);
  if (Number.isNaN(lat)) return fail('latitude', 'must be a number');
  const lon = coordinate(row.longitude);
  if (Number.isNaN(lon)) return fail('longitude', 'must be a number');
  const location = defined({
    country: acledCountry(row.iso, row.country),
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
      category: acledCategory(row.event_type, row.sub_event_type ?? ''),
      actor: actorSlug(row.actor1),
      target: row.actor2 ? actorSlug(row.actor2) : undefined,
      location: Object.keys(location).length ? location : undefined,
      killed: killed > 0 ? { unspecified: killed } : undefined,
      notes: text(row.notes)?.slice(0, 4000),
      acledSources: text(row.source),
    }),
  };
}

const text = (value: string | undefined) => value?.trim() || undefined;
const coordinate = (value: string | undefined) => (value?.trim() ? Number(value) : undefined);
const defined = <T extends Record<string, unknown>>(object: T) => Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));

export type AcledRecord = { line: number; record: Record<string, string> } | { line: number; code: string; field: string; reason: string };

/**
 * An ACLED export fed in chunks of any size (memory stays flat): the first record is the
 * header, each later one comes out keyed by column name with the line it starts on.
 */
export class AcledCsvReader {
  private readonly csv = new CsvReader();
  private header: string[] | null = null;

  *push(chunk: string): Generator<AcledRecord> {
    yield* this.records(this.csv.push(chunk));
  }

  *end(): Generator<AcledRecord> {
    yield* this.records(this.csv.end());
  }

  private *records(rows: Iterable<{ line: number; fields: string[] }>): Generator<AcledRecord> {
    for (const { line, fields } of rows) {
      if (!this.header) {
        this.header = fields.map((name) => name.trim().toLowerCase());
        const missing = ACLED_REQUIRED_COLUMNS.find((column) => !this.header!.includes(column));
        if (missing) throw new AcledHeaderError(missing);
        continue;
      }
      if (fields.length !== this.header.length) {
        yield { line, code: ACLED_ERROR.invalidRow, field: '(row)', reason: `has ${fields.length} fields, the header ${this.header.length}` };
        continue;
      }
      yield { line, record: Object.fromEntries(this.header.map((name, i) => [name, fields[i]])) };
    }
  }
}
