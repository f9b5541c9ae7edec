import { Accord } from '../accords/accord.types';
import { Dims, FilterKey, incidentMatches, resolveFilter, ResolvedFilter } from './filters';
import { ObservationChange } from './observation-change';

/** Index keys in order of preference when a filter constrains several by as many values. */
const INDEXED: readonly FilterKey[] = ['country', 'admin1', 'source', 'target', 'actor', 'category'];

interface Entry {
  ordinal: number;
  filter: ResolvedFilter;
}

/**
 * Which accords an observation can concern, so that the monitors of the others are not stepped:
 * each commitment's filter is indexed under its most selective key (the one accepting the fewest
 * values), and a commitment filtering nothing is on the list every incident goes to. An incident
 * reaches the accords with a commitment whose whole filter matches the version it takes out or
 * the one it puts in; a claim (rare) reaches every accord. Targets come back in the order given.
 */
export class AccordRouter<T> {
  private readonly index = new Map<FilterKey, Map<string, Entry[]>>();
  private readonly everyIncident: Entry[] = [];
  private readonly targets: T[];

  constructor(entries: readonly { accord: Accord; target: T }[]) {
    this.targets = entries.map((e) => e.target);
    entries.forEach(({ accord }, ordinal) => {
      for (const commitment of accord.commitments) this.insert({ ordinal, filter: resolveFilter(commitment.filter, accord) });
    });
  }

  get all(): readonly T[] {
    return this.targets;
  }

  route(change: ObservationChange): readonly T[] {
    if (change.claimBefore || change.claimAfter) return this.targets;
    const found = new Set<number>();
    for (const placed of [change.incidentBefore, change.incidentAfter]) if (placed) this.collect(placed.dims, found);
    if (found.size === 0) return [];
    return [...found].sort((a, b) => a - b).map((ordinal) => this.targets[ordinal]);
  }

  private collect(dims: Dims, found: Set<number>): void {
    const visit = (entries: Entry[] | undefined) => {
      for (const entry of entries ?? []) if (!found.has(entry.ordinal) && incidentMatches(dims, entry.filter)) found.add(entry.ordinal);
    };
    visit(this.everyIncident);
    for (const [key, byValue] of this.index) visit(byValue.get(dims[key]));
  }

  private insert(entry: Entry): void {
    let best: FilterKey | null = null;
    for (const key of INDEXED) {
      const values = entry.filter[key];
      if (values && (best === null || values.size < entry.filter[best]!.size)) best = key;
    }
    if (best === null) {
      this.everyIncident.push(entry);
      return;
    }
    let byValue = this.index.get(best);
    if (!byValue) this.index.set(best, (byValue = new Map()));
    for (const value of entry.filter[best]!) {
      const list = byValue.get(value);
      if (list) list.push(entry);
      else byValue.set(value, [entry]);
    }
  }
}
