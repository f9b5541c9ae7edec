import { Accord, Commitment } from '../accords/accord.types';
import type { Incident } from '../observations/observation';
import { baselinePeriod, windowEnding } from './commitment';
import { currentVersions, evidencePeriods, ObservationVersion } from './evidence-items';
import { incidentMatches, ResolvedFilter } from './filters';
import { incidentContribution } from './ledger';
import { metricValue } from './metrics';
import { Bounds, DatePeriod, Reading, SourceVerdict } from './verdict.types';
import { prohibitionVerdict, quotaVerdict, reductionVerdict } from './verdicts';

/** One incident's amount of a metric at each reading, and the local days each reading counts it on. */
export interface Reckoned {
  source: string;
  /** where the best reading counts it */
  day: string;
  /** every day it may have happened on */
  span: DatePeriod;
  best: number;
  low: number;
  high: number;
}

/**
 * The current incidents among `versions` under `filter` that add to `metric` at some reading.
 * The span always holds the local day, which an offset can move out of the written `dateRange`,
 * so that low <= best <= high holds for every period.
 */
export function reckon(
  accord: Pick<Accord, 'timezone'>,
  filter: ResolvedFilter,
  metric: string,
  versions: readonly ObservationVersion[],
): Reckoned[] {
  return currentVersions(versions).flatMap((version) => {
    if (version.type !== 'incident') return [];
    const incident = version.data as Incident;
    const { day, dims } = incidentContribution(incident, accord.timezone);
    if (!incidentMatches(dims, filter)) return [];
    const range = incident.dateRange ?? { from: day, to: day };
    const span = { from: range.from < day ? range.from : day, to: range.to > day ? range.to : day };
    const low = metricValue(atBound(incident, incident.killedLow, incident.woundedLow), metric);
    const high = metricValue(atBound(incident, incident.killedHigh, incident.woundedHigh), metric);
    return high === 0 ? [] : [{ source: incident.source, day, span, best: metricValue(incident, metric), low, high }];
  });
}

/** The incident counted at one bound: a group the bound map leaves out counts at its best estimate. */
function atBound(incident: Incident, killed: Record<string, number> | undefined, wounded: Record<string, number> | undefined): Incident {
  const merge = (best: Record<string, number> | undefined, bound: Record<string, number> | undefined) =>
    best && Object.fromEntries(Object.entries(best).map(([group, value]) => [group, bound?.[group] ?? value]));
  return { ...incident, killed: merge(incident.killed, killed), wounded: merge(incident.wounded, wounded) };
}

/**
 * How far the low reading (what surely falls in `period`, low counts) and the high one (what may,
 * high counts) lie from the best count (the local day, best counts), over `incidents`.
 */
export function shift(incidents: readonly Reckoned[], period: DatePeriod): { low: number; high: number } {
  // a quota asked about before its start counts over no day at all
  if (period.from > period.to) return { low: 0, high: 0 };
  let low = 0;
  let high = 0;
  for (const r of incidents) {
    const best = period.from <= r.day && r.day <= period.to ? r.best : 0;
    if (period.from <= r.span.from && r.span.to <= period.to) low += r.low;
    if (r.span.from <= period.to && period.from <= r.span.to) high += r.high;
    low -= best;
    high -= best;
  }
  return { low, high };
}

/** Every period a commitment's incident-derived entries count over as of a date. */
export function countedPeriods(accord: Pick<Accord, 'signedAt'>, commitment: Commitment, asOf: string): DatePeriod[] {
  if (commitment.kind === 'quota') return [{ from: commitment.start, to: asOf }];
  const window = windowEnding(asOf, commitment.window.days);
  if (commitment.kind === 'prohibition' || typeof commitment.baseline === 'object') return [window];
  return [window, baselinePeriod(accord, commitment.baseline, commitment.window.days, window)];
}

/**
 * An incident-derived entry's bounds from its best figures and the source's uncertain incidents
 * (the certain ones read the same at every bound). A baseline takes the reverse bound, so low is
 * the fewest events against the most in the baseline. Coverage is judged on the best reading
 * only: a source's first incident is its first report, whatever the range it gives.
 */
export function entryBounds(accord: Accord, commitment: Commitment, entry: SourceVerdict, incidents: readonly Reckoned[]): Bounds {
  const periods = evidencePeriods(accord, commitment, entry);
  const value = shift(incidents, periods.period);
  const base = periods.baselinePeriod ? shift(incidents, periods.baselinePeriod) : { low: 0, high: 0 };
  const baselineAt = (by: number) => (entry.baseline === null ? null : entry.baseline + by);
  return {
    low: reading(commitment, entry.period, entry.value + value.low, baselineAt(base.high)),
    high: reading(commitment, entry.period, entry.value + value.high, baselineAt(base.low)),
  };
}

function reading(commitment: Commitment, period: DatePeriod, value: number, baseline: number | null): Reading {
  switch (commitment.kind) {
    case 'reduction':
      return { value, baseline, ...reductionVerdict(value, baseline, commitment) };
    case 'quota':
      return { value, baseline, changePct: null, verdict: quotaVerdict(value, period.to, commitment).verdict };
    case 'prohibition':
      return { value, baseline, changePct: null, verdict: prohibitionVerdict(value) };
  }
}

/** A commitment's verdict with every entry's bounds and certainty: a claim is as certain as it states. */
export function withBounds<S extends SourceVerdict, C extends { sources: S[] }>(
  accord: Accord,
  commitment: Commitment,
  verdict: C,
  incidents: readonly Reckoned[],
): C & { certain: boolean } {
  const sources = verdict.sources.map((entry): S => {
    if (entry.basis === 'claim') return { ...entry, certain: true };
    const bounds = entryBounds(
      accord,
      commitment,
      entry,
      incidents.filter((r) => r.source === entry.source),
    );
    return { ...entry, bounds, certain: bounds.low.verdict === entry.verdict && bounds.high.verdict === entry.verdict };
  });
  return { ...verdict, sources, certain: sources.every((entry) => entry.certain) };
}
