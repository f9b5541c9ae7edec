import { Commitment, QuotaCommitment } from '../accords/accord.types';
import { addDays, toDayNumber } from './days';
import { DailySeries } from './series';
import { DatePeriod, SourceVerdict } from './verdict.types';

/** The recent days a quota's pace is measured over (CONTRACT section 9). */
export const PACE_DAYS = 30;

export interface Pace {
  projectedCompletion: string | null;
  projectedShortfall: number;
}

/**
 * Where a quota's cumulative `value` as of `asOf` heads at `recent` per `days` days: the first
 * date it reaches the target (null when the pace is 0 or it already has) and the target minus
 * the cumulative projected at the deadline (0 when it is reached; after the deadline, what is
 * still missing). Divided last, so a whole-number pace lands on whole days.
 */
export function projectPace(
  value: number,
  recent: number,
  days: number,
  asOf: string,
  rule: Pick<QuotaCommitment, 'target' | 'deadline'>,
): Pace {
  const missing = rule.target - value;
  const daysLeft = Math.max(toDayNumber(rule.deadline) - toDayNumber(asOf), 0);
  const projectedShortfall = Math.max(missing - (recent * daysLeft) / days, 0);
  if (missing <= 0 || recent <= 0) return { projectedCompletion: null, projectedShortfall };
  return { projectedCompletion: addDays(asOf, Math.ceil((missing * days) / recent)), projectedShortfall };
}

const length = (p: DatePeriod) => Math.max(toDayNumber(p.to) - toDayNumber(p.from) + 1, 1);

/**
 * An entry's pace: incident-derived, its last 30 days (fewer when the quota started later); a
 * claim, its own period, since a claimed total says nothing of when within it things happened.
 */
export function entryPace(commitment: QuotaCommitment, entry: SourceVerdict, series: DailySeries | undefined): Pace {
  const to = entry.period.to;
  if (entry.basis === 'claim') return projectPace(entry.value, entry.value, length(entry.period), to, commitment);
  const recent = { from: commitment.start > addDays(to, 1 - PACE_DAYS) ? commitment.start : addDays(to, 1 - PACE_DAYS), to };
  const sum = series?.sum(toDayNumber(recent.from), toDayNumber(recent.to)) ?? 0;
  return projectPace(entry.value, sum, length(recent), to, commitment);
}

/** A commitment's verdict with every quota entry's projection; other kinds as they are. */
export function withPace<S extends SourceVerdict, C extends { sources: S[] }>(
  commitment: Commitment,
  verdict: C,
  series: ReadonlyMap<string, DailySeries>,
): C {
  if (commitment.kind !== 'quota') return verdict;
  return { ...verdict, sources: verdict.sources.map((entry) => ({ ...entry, ...entryPace(commitment, entry, series.get(entry.source)) })) };
}
