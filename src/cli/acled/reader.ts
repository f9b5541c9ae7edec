import { CsvReader } from '../csv';

/**
 * Without these the mapping would silently change meaning (no id, no date, no actor). Exports
 * before 2019 have no sub_event_type and no timestamp: they are read without them.
 */
const ACLED_REQUIRED_COLUMNS = ['event_id_cnty', 'event_date', 'event_type', 'actor1', 'actor2', 'fatalities'] as const;
export const ACLED_ERROR = { missingColumn: 'ACLED.MISSING_COLUMN', invalidRow: 'ACLED.INVALID_ROW' } as const;

/** ACLED's exports come out of R, which writes `NA` for a missing value: empty, like a blank cell. */
const naAsEmpty = (field: string) => (field.trim() === 'NA' ? '' : field);

/** A header that cannot be imported; the whole file is refused. */
export class AcledHeaderError extends Error {
  readonly code = ACLED_ERROR.missingColumn;
  constructor(readonly field: string) {
    super(`the CSV header has no column ${field}`);
  }
}

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
      yield { line, record: Object.fromEntries(this.header.map((name, i) => [name, naAsEmpty(fields[i])])) };
    }
  }
}
