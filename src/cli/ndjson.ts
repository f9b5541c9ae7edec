export interface NdjsonLine {
  /** 1-based, counting blank lines too, so error messages point at the line an editor shows. */
  line: number;
  text: string;
}

/**
 * Splits NDJSON fed in chunks of any size into lines: LF or CRLF, blank lines skipped, a last
 * line without a newline kept (call `end`). A leading byte-order mark is dropped.
 */
export class LineSplitter {
  private rest = '';
  private line = 0;

  *push(chunk: string): Generator<NdjsonLine> {
    const text = this.rest + chunk;
    // the carried-over part has no newline: search only the new chunk, so a long line split
    // over many chunks is not rescanned each time
    let start = 0;
    for (let end = text.indexOf('\n', this.rest.length); end !== -1; end = text.indexOf('\n', start)) {
      yield* this.emit(text.slice(start, end));
      start = end + 1;
    }
    this.rest = text.slice(start);
  }

  *end(): Generator<NdjsonLine> {
    const last = this.rest;
    this.rest = '';
    if (last) yield* this.emit(last);
  }

  private *emit(raw: string): Generator<NdjsonLine> {
    this.line++;
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (this.line === 1) text = text.replace(/^\uFEFF/, '');
    if (text.trim()) yield { line: this.line, text };
  }
}
