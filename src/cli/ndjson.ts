export interface NdjsonLine {
  /** 1-based, counting blank lines too, so error messages point at the line an editor shows. */
  line: number;
  /** Raw bytes, decoded by the validator so that bytes that are not UTF-8 reject only their line. */
  bytes: Buffer;
}

const LF = 0x0a;
const CR = 0x0d;
const blank = (bytes: Buffer) => bytes.every((b) => b === 0x20 || b === 0x09 || b === CR);

/**
 * Splits NDJSON fed in byte chunks of any size into lines: LF or CRLF, blank lines skipped, a
 * last line without a newline kept (call `end`). LF never occurs inside a UTF-8 sequence, so
 * splitting before decoding is safe. A line longer than `maxBytes` comes out cut to its first
 * `maxBytes + 1` bytes: enough for the size check to refuse it, while memory stays flat however
 * long it is (a CR-only file or a one-line JSON array is one huge line).
 */
export class LineSplitter {
  private pieces: Buffer[] = [];
  private kept = 0;
  private size = 0;
  private line = 0;

  constructor(private readonly maxBytes: number) {}

  *push(chunk: Buffer): Generator<NdjsonLine> {
    // only the new chunk is searched: the pending pieces hold no newline
    let start = 0;
    for (let end = chunk.indexOf(LF); end !== -1; end = chunk.indexOf(LF, start)) {
      this.keep(chunk.subarray(start, end));
      yield* this.emit();
      start = end + 1;
    }
    this.keep(chunk.subarray(start));
  }

  *end(): Generator<NdjsonLine> {
    if (this.size > 0) yield* this.emit();
  }

  private keep(piece: Buffer): void {
    const room = this.maxBytes + 1 - this.kept;
    if (room > 0 && piece.length > 0) {
      const kept = piece.subarray(0, room);
      this.pieces.push(kept);
      this.kept += kept.length;
    }
    this.size += piece.length;
  }

  private *emit(): Generator<NdjsonLine> {
    this.line++;
    const cut = this.size > this.kept;
    let bytes = this.pieces.length === 1 ? this.pieces[0] : Buffer.concat(this.pieces, this.kept);
    this.pieces = [];
    this.kept = this.size = 0;
    // a cut line keeps a CR that happens to be its last kept byte, so it stays over the limit
    if (!cut && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, -1);
    if (!blank(bytes)) yield { line: this.line, bytes };
  }
}
