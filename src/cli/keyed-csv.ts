import { CsvReader } from './csv';

/** The stable codes a format's reader gives its refusals (`ACLED.MISSING_COLUMN`, ...). */
export interface CsvErrorCodes {
  missingColumn: string;
  invalidRow: string;
}

/** A header that cannot be imported; the whole file is refused. */
export class CsvHeaderError extends Error {
  constructor(
    readonly code: string,
    readonly field: string,
  ) {
    super(`the CSV header has no column ${field}`);
  }
}

export type CsvRecord = { line: number; record: Record<string, string> } | { line: number; code: string; field: string; reason: string };

/** ACLED's and UCDP's files come out of R, which writes `NA` for a missing value: empty, like a blank cell. */
const naAsEmpty = (field: string) => (field.trim() === 'NA' ? '' : field);

/**
 * A CSV export whose columns are found by name, fed in chunks of any size (memory stays flat):
 * the first record is the header, each later one comes out keyed by column name (lower case)
 * with the line it starts on.
 */
export class KeyedCsvReader {
  private readonly csv = new CsvReader();
  private header: string[] | null = null;

  constructor(
    private readonly required: readonly string[],
    private readonly codes: CsvErrorCodes,
  ) {}

  *push(chunk: string): Generator<CsvRecord> {
    yield* this.records(this.csv.push(chunk));
  }

  *end(): Generator<CsvRecord> {
    yield* this.records(this.csv.end());
  }

  private *records(rows: Iterable<{ line: number; fields: string[] }>): Generator<CsvRecord> {
    for (const { line, fields } of rows) {
      if (!this.header) {
        this.header = fields.map((name) => name.trim().toLowerCase());
        const missing = this.required.find((column) => !this.header!.includes(column));
        if (missing) throw new CsvHeaderError(this.codes.missingColumn, missing);
        continue;
      }
      if (fields.length !== this.header.length) {
        yield {
          line,
          code: this.codes.invalidRow,
          field: '(row)',
          reason: `has ${fields.length} fields, the header ${this.header.length}`,
        };
        continue;
      }
      yield { line, record: Object.fromEntries(this.header.map((name, i) => [name, naAsEmpty(fields[i])])) };
    }
  }
}
