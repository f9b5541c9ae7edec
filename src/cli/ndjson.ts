/** Splits text chunks into lines with their 1-based numbers; CRLF and a last line without newline handled, blank lines skipped. */
export class LineSplitter {
  private rest = '';
  private line = 0;

  *push(chunk: string): Generator<{ line: number; text: string }> {
    const text = this.rest + chunk;
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      yield* this.emit(text.slice(start, end));
      start = end + 1;
    }
    this.rest = text.slice(start);
  }

  *end(): Generator<{ line: number; text: string }> {
    if (this.rest) yield* this.emit(this.rest);
    this.rest = '';
  }

  private *emit(raw: string): Generator<{ line: number; text: string }> {
    this.line++;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.trim()) yield { line: this.line, text };
  }
}
