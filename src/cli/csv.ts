/**
 * An incremental RFC 4180 reader: quoted fields with commas, newlines and doubled quotes,
 * CRLF or LF, fed in chunks of any size. Yields each record with the line it starts on.
 * A leading byte-order mark is dropped before parsing: left in, it would stand before the
 * opening quote of a quoted header and make `"event_id_cnty"` an unquoted field.
 */
export class CsvReader {
  private field = '';
  private record: string[] = [];
  private quoted = false;
  private quoteSeen = false;
  private line = 1;
  private recordLine = 1;
  private started = false;

  *push(chunk: string): Generator<{ line: number; fields: string[] }> {
    if (!this.started && chunk) {
      this.started = true;
      if (chunk.startsWith('\uFEFF')) chunk = chunk.slice(1);
    }
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i];
      if (this.quoted) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (ch === '"') {
            this.field += '"';
            continue;
          }
          this.quoted = false; // the quote closed the field; read ch as unquoted
        } else if (ch === '"') {
          this.quoteSeen = true;
          continue;
        } else {
          if (ch === '\n') this.line++;
          this.field += ch;
          continue;
        }
      }
      if (ch === '"' && this.field === '') this.quoted = true;
      else if (ch === ',') this.endField();
      else if (ch === '\n') {
        const done = this.endRecord();
        this.line++;
        this.recordLine = this.line;
        if (done) yield done;
      } else if (ch !== '\r') this.field += ch;
    }
  }

  *end(): Generator<{ line: number; fields: string[] }> {
    if (this.quoteSeen) this.quoted = false;
    const done = this.field !== '' || this.record.length > 0 ? this.endRecord() : null;
    if (done) yield done;
  }

  private endField(): void {
    this.record.push(this.field);
    this.field = '';
  }

  private endRecord(): { line: number; fields: string[] } | null {
    this.endField();
    const fields = this.record;
    this.record = [];
    return fields.length === 1 && fields[0] === '' ? null : { line: this.recordLine, fields };
  }
}
