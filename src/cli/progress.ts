/** A progress line on a terminal (stderr), nothing when not a terminal (CI, pipes). */
export class Progress {
  private last = 0;
  private readonly started = Date.now();

  constructor(
    private readonly label: string,
    private readonly total: number | null,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, note = ''): void {
    if (!this.stream.isTTY) return;
    const now = Date.now();
    if (now - this.last < 100 && done !== this.total) return;
    this.last = now;
    const rate = Math.round(done / Math.max((now - this.started) / 1000, 0.001));
    const width = 30;
    const share = this.total ? Math.min(done / this.total, 1) : 0;
    const bar = this.total ? `[${'#'.repeat(Math.round(share * width)).padEnd(width, '.')}] ${(share * 100).toFixed(0).padStart(3)}% ` : '';
    this.stream.write(`\r${this.label} ${bar}${done}${this.total ? `/${this.total}` : ''} (${rate}/s) ${note}`.padEnd(100));
  }

  done(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }
}
