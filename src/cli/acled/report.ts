/** What a row's mapping could not carry over, for the end-of-import report. */
export interface AcledGaps {
  unknownCountry?: string;
  countryConflict?: string;
  unknownEventType?: string;
  noActor?: boolean;
}

const plural = (n: number) => (n === 1 ? '1 row' : `${n} rows`);

/** Counts the gaps of every mapped row, so an import that maps something to nothing says so. */
export class AcledReport {
  private readonly counts = new Map<string, number>();

  add(gaps: AcledGaps): void {
    if (gaps.unknownCountry) this.count(`with the unknown country ${gaps.unknownCountry}: no location.country`);
    if (gaps.countryConflict) this.count(`with ${gaps.countryConflict}: the number's country kept`);
    if (gaps.unknownEventType) this.count(`with the unknown event type '${gaps.unknownEventType}': category other`);
    if (gaps.noActor) this.count('without an actor (actor1 empty or NA)');
  }

  /** One line each, the most frequent first; none when every row mapped whole. */
  lines(): string[] {
    return [...this.counts].sort((a, b) => b[1] - a[1]).map(([what, n]) => `acled: ${plural(n)} ${what}`);
  }

  private count(what: string): void {
    this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
  }
}
