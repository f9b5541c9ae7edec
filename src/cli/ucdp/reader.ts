import { KeyedCsvReader } from '../keyed-csv';

/** Without these every row would be wrong the same way (no id, no date, no sides, no deaths). */
const UCDP_REQUIRED_COLUMNS = [
  'id',
  'date_start',
  'date_end',
  'type_of_violence',
  'side_a',
  'side_b',
  'best',
  'low',
  'high',
  'deaths_a',
  'deaths_b',
  'deaths_civilians',
  'deaths_unknown',
] as const;
export const UCDP_ERROR = { missingColumn: 'UCDP.MISSING_COLUMN', invalidRow: 'UCDP.INVALID_ROW' } as const;

/** A UCDP GED CSV, its columns found by name. */
export class UcdpCsvReader extends KeyedCsvReader {
  constructor() {
    super(UCDP_REQUIRED_COLUMNS, UCDP_ERROR);
  }
}
