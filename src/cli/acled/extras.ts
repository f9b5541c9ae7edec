/** The columns an analyst filters ACLED data on, kept under the incident's `acled` (validation keeps unknown fields). */
const KEPT = new Set([
  'event_type',
  'sub_event_type',
  'disorder_type',
  'actor1',
  'assoc_actor_1',
  'inter1',
  'actor2',
  'assoc_actor_2',
  'inter2',
  'interaction',
  'civilian_targeting',
  'admin3',
  'time_precision',
  'geo_precision',
  'source_scale',
]);
/** Before 2019 ACLED called the associated actors allies. */
const RENAMED: Record<string, string> = { ally_actor_1: 'assoc_actor_1', ally_actor_2: 'assoc_actor_2' };
/** Codes kept as numbers when they are; exports since 2023 write inter1 and inter2 as words, kept as written. */
const CODES = new Set(['inter1', 'inter2', 'interaction', 'time_precision', 'geo_precision']);

/** ACLED's own values for a row, by its current column names; undefined when it has none. */
export function acledExtras(row: Record<string, string>): Record<string, string | number> | undefined {
  const extras: Record<string, string | number> = {};
  for (const [column, value] of Object.entries(row)) {
    const name = RENAMED[column] ?? column;
    const text = value.trim();
    if (KEPT.has(name) && text) extras[name] = CODES.has(name) && /^\d+$/.test(text) ? Number(text) : text;
  }
  return Object.keys(extras).length ? extras : undefined;
}
