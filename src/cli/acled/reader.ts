import { KeyedCsvReader } from '../keyed-csv';

/**
 * Without these the mapping would silently change meaning (no id, no date, no actor). Exports
 * before 2019 have no sub_event_type and no timestamp: they are read without them.
 */
const ACLED_REQUIRED_COLUMNS = ['event_id_cnty', 'event_date', 'event_type', 'actor1', 'actor2', 'fatalities'] as const;
export const ACLED_ERROR = { missingColumn: 'ACLED.MISSING_COLUMN', invalidRow: 'ACLED.INVALID_ROW' } as const;

/** An ACLED export, its columns found by name. */
export class AcledCsvReader extends KeyedCsvReader {
  constructor() {
    super(ACLED_REQUIRED_COLUMNS, ACLED_ERROR);
  }
}
