const LF = 0x0a;

/**
 * Decodes a file fed in byte chunks as UTF-8, and throws naming the line of the first bytes
 * that are not UTF-8. Replacing them with U+FFFD instead would import a cp1252 `Séléka` as
 * `S�l�ka`, its slug as `s-l-ka`, and filters would silently miss it. Chunks are decoded a line
 * at a time (LF never occurs inside a UTF-8 sequence) so the error can say which line; a
 * sequence cut by a chunk boundary is carried over. A leading byte-order mark is dropped.
 */
export class StrictUtf8Decoder {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private line = 1;

  decode(chunk: Buffer): string {
    let text = '';
    for (let start = 0; start < chunk.length; ) {
      const newline = chunk.indexOf(LF, start);
      const end = newline === -1 ? chunk.length : newline + 1;
      text += this.attempt(() => this.decoder.decode(chunk.subarray(start, end), { stream: true }));
      if (newline !== -1) this.line++;
      start = end;
    }
    return text;
  }

  /** The end of the input: throws if it stops inside a sequence. */
  end(): string {
    return this.attempt(() => this.decoder.decode());
  }

  private attempt(decode: () => string): string {
    try {
      return decode();
    } catch {
      throw new Error(`line ${this.line}: not valid UTF-8; convert the file first (e.g. iconv -f cp1252 -t utf-8)`);
    }
  }
}
