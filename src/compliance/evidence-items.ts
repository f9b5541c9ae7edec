import { Accord, Commitment } from '../accords/accord.types';
import { Incident } from '../observations/observation';
import { baselinePeriod } from './commitment';
import { incidentMatches, resolveFilter } from './filters';
import { incidentContribution, supersedes } from './ledger';
import { metricValue } from './metrics';
import { Claim, DatePeriod, SourceVerdict } from './verdict.types';

/** One stored version of an observation (CONTRACT section 1), as the event store keeps it. */
export interface ObservationVersion {
  source: string;
  id: string;
  revision: number;
  type: string;
  data: unknown;
}

/** One observation whose amount makes up a source's value or baseline (CONTRACT section 8). */
export interface EvidenceItem {
  source: string;
  id: string;
  revision: number;
  /** null for a claim, which covers a period */
  occurredAt: string | null;
  localDate: string;
  amount: number;
  inWindow: 'window' | 'baseline';
  data: unknown;
}

export interface EvidencePeriods {
  period: DatePeriod;
  /** null when the baseline is fixed, absent for lack of coverage, or not counted from incidents */
  baselinePeriod: DatePeriod | null;
}

export type ItemKey = Pick<EvidenceItem, 'localDate' | 'source' | 'id'>;

/** The dates an entry's value and baseline were counted over, from the same rules as the verdict. */
export function evidencePeriods(accord: Accord, commitment: Commitment, entry: SourceVerdict, claim?: Claim): EvidencePeriods {
  if (entry.basis === 'claim') return { period: entry.period, baselinePeriod: claim?.baseline?.period ?? null };
  if (commitment.kind !== 'reduction' || typeof commitment.baseline === 'object' || entry.baseline === null)
    return { period: entry.period, baselinePeriod: null };
  return { period: entry.period, baselinePeriod: baselinePeriod(accord, commitment.baseline, commitment.window.days, entry.period) };
}

/**
 * The current version of each observation among `versions` (its highest revision; a retraction
 * outranks them all), kept when it is an incident under the commitment's filter that adds a
 * non-zero amount on a day of one of the periods, in item order.
 */
export function incidentItems(
  accord: Accord,
  commitment: Commitment,
  periods: EvidencePeriods,
  versions: readonly ObservationVersion[],
): EvidenceItem[] {
  const filter = resolveFilter(commitment.filter, accord);
  const items: EvidenceItem[] = [];
  for (const version of currentVersions(versions)) {
    if (version.type !== 'incident') continue;
    const incident = version.data as Incident;
    const { day, dims } = incidentContribution(incident, accord.timezone);
    const amount = metricValue(incident, commitment.metric);
    const inWindow = within(day, periods.period)
      ? 'window'
      : periods.baselinePeriod && within(day, periods.baselinePeriod)
        ? 'baseline'
        : null;
    if (amount === 0 || inWindow === null || !incidentMatches(dims, filter)) continue;
    items.push({
      source: version.source,
      id: version.id,
      revision: version.revision,
      occurredAt: incident.occurredAt,
      localDate: day,
      amount,
      inWindow,
      data: incident,
    });
  }
  return items.sort(compareItems);
}

/** A claim-decided entry's one item: the claim itself, dated by the end of its period. */
export function claimItem(claim: Claim, version: ObservationVersion): EvidenceItem {
  return {
    source: claim.source,
    id: claim.id,
    revision: version.revision,
    occurredAt: null,
    localDate: claim.period.to,
    amount: claim.value,
    inWindow: 'window',
    data: version.data,
  };
}

/** Up to `limit` items after `after` (items in item order), and the key to continue from when more remain. */
export function pageAfter(
  items: readonly EvidenceItem[],
  after: ItemKey | null,
  limit: number,
): { items: EvidenceItem[]; next: ItemKey | null } {
  const rest = after ? items.filter((item) => compareItems(item, after) > 0) : items;
  const page = rest.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page, next: rest.length > limit ? { localDate: last.localDate, source: last.source, id: last.id } : null };
}

const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Item order (CONTRACT section 8): local date, source, id, by code unit so every page agrees. */
export const compareItems = (a: ItemKey, b: ItemKey): number =>
  order(a.localDate, b.localDate) || order(a.source, b.source) || order(a.id, b.id);

const within = (day: string, period: DatePeriod) => day >= period.from && day <= period.to;

/** The current version of each observation: its highest revision, a retraction outranking them all. */
export function currentVersions(versions: readonly ObservationVersion[]): ObservationVersion[] {
  const heads = new Map<string, ObservationVersion>();
  for (const version of versions) {
    const key = `${version.source}\u0000${version.id}`;
    if (supersedes(heads.get(key), version)) heads.set(key, version);
  }
  return [...heads.values()];
}
