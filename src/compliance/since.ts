import { Accord, Commitment } from '../accords/accord.types';
import { CommitmentInput, evaluateCommitment, evaluateSource } from './commitment';
import { addDays, fromDayNumber } from './days';
import { CommitmentVerdict, ComplianceReport, OverallVerdictValue, SourceVerdict } from './verdict.types';

/** A report entry with the first as-of date of its current verdict run. */
export type Dated<T> = T & { since: string };

export type DatedReport = Omit<ComplianceReport, 'commitments'> & {
  commitments: Dated<Omit<CommitmentVerdict, 'sources'> & { sources: Dated<SourceVerdict>[] }>[];
};

/**
 * The first as-of date of a source's current verdict run on a commitment, on the data as they
 * stand: the walk goes back a day at a time while the source's verdict stays `verdict`. It
 * never goes before the source's earliest evidence (its first counting incident or the end of
 * its earliest claim), where the source has no verdict at all.
 */
export function sourceSince(
  accord: Accord,
  commitment: Commitment,
  input: CommitmentInput,
  source: string,
  asOf: string,
  verdict: OverallVerdictValue,
): string {
  return walkBack(
    asOf,
    earliestEvidence(input, source),
    (day) => evaluateSource(accord, commitment, input, source, day)?.verdict === verdict,
  );
}

/**
 * The same for the commitment's overall verdict. It never goes before the earliest evidence of
 * any source: before it the overall verdict is insufficient_data for ever, so that run is
 * dated from the first day anyone reported on the commitment. `steadyFrom`, when the caller
 * knows it, is a day from which every source's verdict has held (the latest of their sinces):
 * a source once a witness stays one, so the overall verdict holds from there too.
 */
export function overallSince(
  accord: Accord,
  commitment: Commitment,
  input: CommitmentInput,
  asOf: string,
  verdict: OverallVerdictValue,
  steadyFrom = asOf,
): string {
  return walkBack(steadyFrom, earliestEvidence(input), (day) => evaluateCommitment(accord, commitment, input, day).verdict === verdict);
}

/** Every source entry and every overall verdict of a report, dated. */
export function datedReport(accord: Accord, inputs: ReadonlyMap<string, CommitmentInput>, report: ComplianceReport): DatedReport {
  const empty: CommitmentInput = { series: new Map(), claims: [] };
  return {
    ...report,
    commitments: report.commitments.map((verdict) => {
      const commitment = accord.commitments.find((c) => c.id === verdict.id)!;
      const input = inputs.get(commitment.id) ?? empty;
      const sources = verdict.sources.map((entry) => ({
        ...entry,
        since: sourceSince(accord, commitment, input, entry.source, report.asOf, entry.verdict),
      }));
      const steadyFrom = sources.reduce((latest, entry) => (entry.since > latest ? entry.since : latest), sources[0]?.since ?? report.asOf);
      return { ...verdict, since: overallSince(accord, commitment, input, report.asOf, verdict.verdict, steadyFrom), sources };
    }),
  };
}

function walkBack(asOf: string, floor: string | null, holds: (day: string) => boolean): string {
  let since = asOf;
  for (let day = addDays(asOf, -1); floor !== null && day >= floor && holds(day); day = addDays(day, -1)) since = day;
  return since;
}

/** The first day `source` (or any source) has evidence on: a counting incident or a claim's end. */
function earliestEvidence(input: CommitmentInput, source?: string): string | null {
  let earliest: string | null = null;
  const consider = (day: string) => {
    if (earliest === null || day < earliest) earliest = day;
  };
  for (const [name, series] of input.series) {
    const first = source === undefined || name === source ? series.firstPositiveDay(Number.MAX_SAFE_INTEGER) : null;
    if (first !== null) consider(fromDayNumber(first));
  }
  for (const claim of input.claims) if (source === undefined || claim.source === source) consider(claim.period.to);
  return earliest;
}
