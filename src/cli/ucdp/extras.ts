/**
 * GED's columns the incident has no field for, kept under its `ucdp` as written (validation
 * keeps unknown fields); geom_wkt is left out, being latitude and longitude again.
 */
// prettier-ignore
const KEPT = [
  'relid', 'year', 'active_year', 'code_status', 'type_of_violence', 'conflict_dset_id', 'conflict_new_id', 'conflict_name',
  'dyad_dset_id', 'dyad_new_id', 'dyad_name', 'side_a_dset_id', 'side_a_new_id', 'side_a', 'side_b_dset_id', 'side_b_new_id',
  'side_b', 'number_of_sources', 'source_article', 'source_office', 'source_date', 'source_headline', 'source_original',
  'where_prec', 'where_description', 'priogrid_gid', 'country', 'country_id', 'region', 'event_clarity', 'date_prec',
  'best', 'high', 'low', 'gwnoa', 'gwnob',
];
/** Names and free text, kept as written even when they are digits; every other column is a code or a count. */
// prettier-ignore
const TEXT = new Set([
  'relid', 'code_status', 'conflict_name', 'dyad_name', 'side_a', 'side_b', 'source_article', 'source_office', 'source_date',
  'source_headline', 'source_original', 'where_description', 'country', 'region',
]);

/** UCDP's own values for a row; empty cells left out, codes and counts as numbers. */
export function ucdpExtras(row: Record<string, string>): Record<string, string | number> {
  const extras: Record<string, string | number> = {};
  for (const column of KEPT) {
    const text = row[column]?.trim();
    if (text) extras[column] = !TEXT.has(column) && /^\d+$/.test(text) ? Number(text) : text;
  }
  return extras;
}
