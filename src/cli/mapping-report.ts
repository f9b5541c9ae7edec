/** One CSV row as an observation, with what its mapping carried over to nothing; or why the row is refused. */
export type RowMapping<G> =
  | { ok: true; observation: Record<string, unknown>; gaps: G }
  | { ok: false; code: string; field: string; reason: string };

const plural = (n: number) => (n === 1 ? '1 row' : `${n} rows`);

/** Counts the gaps of every mapped row, so an import that maps something to nothing says so. */
export class MappingReport<G> {
  private readonly counts = new Map<string, number>();

  /** `describe` names each gap of a row as a phrase after "N rows" (false or undefined: no such gap). */
  constructor(
    private readonly source: string,
    private readonly describe: (gaps: G) => (string | false | undefined)[],
  ) {}

  add(gaps: G): void {
    for (const what of this.describe(gaps)) if (what) this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
  }

  /** One line each, the most frequent first; none when every row mapped whole. */
  lines(): string[] {
    return [...this.counts].sort((a, b) => b[1] - a[1]).map(([what, n]) => `${this.source}: ${plural(n)} ${what}`);
  }
}
