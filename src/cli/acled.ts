/**
 * ACLED's CSV export as incidents. The mapping (the README carries the same table):
 *
 * | ACLED column | incident field |
 * |---|---|
 * | event_id_cnty | `id`; `source` is always `acled` |
 * | timestamp | `revision` (ACLED keeps the id when it corrects an event and moves the timestamp) |
 * | event_date | `occurredAt` (`2020-03-21`, or older exports' `21 March 2020`) |
 * | event_type / sub_event_type | `category`: Battles -> clash; Explosions/Remote violence -> explosion, its Air/drone strike -> airstrike; Violence against civilians -> violence_against_civilians; Riots, Protests, Strategic developments -> other |
 * | actor1, actor2 | `actor`, `target` as slugs: lower case, `&` -> `and`, other runs of non-alphanumerics -> `-` |
 * | fatalities | `killed: {unspecified: n}` (ACLED does not split fatalities by group) |
 * | iso (numeric ISO 3166), else country | `location.country` (alpha-2) |
 * | admin1, admin2, location, latitude, longitude | `location.admin1`, `admin2`, `place`, `lat`, `lon` |
 * | notes | `notes` (cut to 4,000 characters) |
 * | source (the news outlets) | kept as `acledSources`, not used as the observation's source |
 */
export const ACLED_COLUMNS = ['event_id_cnty', 'event_date', 'event_type', 'actor1', 'fatalities', 'timestamp'] as const;

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Numeric ISO 3166 codes and English names of the countries ACLED covers most. */
const COUNTRIES: [number, string, string][] = [
  [4, 'AF', 'Afghanistan'], [586, 'PK', 'Pakistan'], [364, 'IR', 'Iran'], [368, 'IQ', 'Iraq'], [760, 'SY', 'Syria'],
  [887, 'YE', 'Yemen'], [804, 'UA', 'Ukraine'], [643, 'RU', 'Russia'], [706, 'SO', 'Somalia'], [729, 'SD', 'Sudan'],
  [728, 'SS', 'South Sudan'], [466, 'ML', 'Mali'], [566, 'NG', 'Nigeria'], [180, 'CD', 'Democratic Republic of Congo'],
  [231, 'ET', 'Ethiopia'], [104, 'MM', 'Myanmar'], [170, 'CO', 'Colombia'], [484, 'MX', 'Mexico'], [434, 'LY', 'Libya'],
  [422, 'LB', 'Lebanon'], [275, 'PS', 'Palestine'], [376, 'IL', 'Israel'], [792, 'TR', 'Turkey'], [356, 'IN', 'India'],
  [854, 'BF', 'Burkina Faso'], [562, 'NE', 'Niger'], [140, 'CF', 'Central African Republic'], [508, 'MZ', 'Mozambique'],
  [120, 'CM', 'Cameroon'], [404, 'KE', 'Kenya'], [608, 'PH', 'Philippines'], [31, 'AZ', 'Azerbaijan'], [51, 'AM', 'Armenia'],
];
const BY_NUMBER = new Map(COUNTRIES.map(([n, a]) => [n, a]));
const BY_NAME = new Map(COUNTRIES.map(([, a, name]) => [name.toLowerCase(), a]));

export function actorSlug(name: string): string | undefined {
  const slug = name.toLowerCase().replace(/&/g, ' and ').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64).replace(/-+$/, '');
  return slug || undefined;
}

/** `2020-03-21`, or older exports' `21 March 2020` / `21-March-2020`. */
export function acledDate(text: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  const match = /^(\d{1,2})[\s-]+([A-Za-z]+)[\s-]+(\d{4})$/.exec(text.trim());
  const month = match ? MONTHS.indexOf(match[2].toLowerCase()) : -1;
  if (!match || month < 0) return null;
  return `${match[3]}-${String(month + 1).padStart(2, '0')}-${match[1].padStart(2, '0')}`;
}

export function acledCategory(eventType: string, subEventType: string): string {
  switch (eventType.trim().toLowerCase()) {
    case 'battles':
      return 'clash';
    case 'explosions/remote violence':
      return subEventType.trim().toLowerCase() === 'air/drone strike' ? 'airstrike' : 'explosion';
    case 'violence against civilians':
      return 'violence_against_civilians';
    default:
      return 'other';
  }
}

export type AcledMapping = { ok: true; observation: Record<string, unknown> } | { ok: false; field: string; reason: string };

const number = (text: string | undefined) => (text === undefined || text.trim() === '' ? undefined : Number(text));

/** One CSV record (by column name) as an incident; the contract's validator checks the rest. */
export function mapAcledRow(row: Record<string, string>): AcledMapping {
  for (const column of ACLED_COLUMNS) if (!row[column]?.trim()) return { ok: false, field: column, reason: 'is empty' };
  const occurredAt = acledDate(row.event_date);
  if (!occurredAt) return { ok: false, field: 'event_date', reason: `cannot read the date '${row.event_date}'` };
  const revision = Number(row.timestamp);
  if (!Number.isInteger(revision) || revision < 1) return { ok: false, field: 'timestamp', reason: 'must be a positive whole number' };
  const fatalities = Number(row.fatalities);
  if (!Number.isInteger(fatalities) || fatalities < 0) return { ok: false, field: 'fatalities', reason: 'must be a non-negative whole number' };
  const country = BY_NUMBER.get(Number(row.iso)) ?? BY_NAME.get((row.country ?? '').trim().toLowerCase());
  const location = Object.fromEntries(
    Object.entries({
      country,
      admin1: row.admin1?.trim() || undefined,
      admin2: row.admin2?.trim() || undefined,
      place: row.location?.trim() || undefined,
      lat: number(row.latitude),
      lon: number(row.longitude),
    }).filter(([, v]) => v !== undefined),
  );
  const observation: Record<string, unknown> = {
    type: 'incident',
    source: 'acled',
    id: row.event_id_cnty.trim(),
    revision,
    occurredAt,
    category: acledCategory(row.event_type, row.sub_event_type ?? ''),
    actor: actorSlug(row.actor1),
    target: row.actor2 ? actorSlug(row.actor2) : undefined,
    location,
    ...(fatalities > 0 ? { killed: { unspecified: fatalities } } : {}),
    notes: row.notes ? row.notes.slice(0, 4000) : undefined,
    acledSources: row.source || undefined,
  };
  for (const key of Object.keys(observation)) if (observation[key] === undefined) delete observation[key];
  return { ok: true, observation };
}
