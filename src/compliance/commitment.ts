import { Accord, Commitment, ReductionCommitment } from '../accords/accord.types';
import { addDays, oneYearEarlier, toDayNumber } from './days';
import { resolveFilter } from './filters';
import { DailySeries } from './series';
import {
  Claim,
  CommitmentVerdict,
  ComplianceReport,
  DatePeriod,
  OverallVerdictValue,
  SourceVerdict,
  SourceVerdictValue,
} from './verdict.types';
import { prohibitionVerdict, quotaVerdict, reductionVerdict } from './verdicts';

export interface CommitmentInput {
  /** the commitment's metric under its filter, per source, by day */
  series: ReadonlyMap<string, DailySeries>;
  /** claims already known to match the commitment */
  claims: readonly Claim[];
}

type Evidence = Omit<SourceVerdict, 'source' | 'selfReported'>;

/** Verdicts per source and overall on one commitment, as of a date (CONTRACT section 3). */
export function evaluateCommitment(accord: Accord, commitment: Commitment, input: CommitmentInput, asOf: string): CommitmentVerdict {
  const sources = new Set([...input.series.keys(), ...input.claims.map((c) => c.source)]);
  const entries = [...sources].sort().flatMap((source) => evaluateSource(accord, commitment, input, source, asOf) ?? []);
  return commitmentVerdict(commitment, entries, asOf);
}

/** One source's verdict on a commitment, or null when it has no evidence (silence is not compliance). */
export function evaluateSource(
  accord: Accord,
  commitment: Commitment,
  input: CommitmentInput,
  source: string,
  asOf: string,
): SourceVerdict | null {
  const evidence = decide(accord, commitment, input.series.get(source), latestClaim(input.claims, source, asOf), asOf);
  if (!evidence) return null;
  return { source, ...evidence, selfReported: accord.parties.includes(source) && (filterActors(accord, commitment)?.has(source) ?? false) };
}

/** The commitment's verdict over its sources' entries (in source order, as the report lists them). */
export function commitmentVerdict(commitment: Commitment, entries: SourceVerdict[], asOf: string): CommitmentVerdict {
  const verdict: CommitmentVerdict = {
    id: commitment.id,
    kind: commitment.kind,
    verdict: overall(entries.map((e) => e.verdict)),
    sources: entries,
  };
  if (commitment.kind === 'quota') {
    verdict.target = commitment.target;
    verdict.expected = quotaVerdict(0, asOf, commitment).expected;
    verdict.deadline = commitment.deadline;
  }
  return verdict;
}

export function evaluateAccord(accord: Accord, inputs: ReadonlyMap<string, CommitmentInput>, asOf: string): ComplianceReport {
  const empty: CommitmentInput = { series: new Map(), claims: [] };
  const commitments = accord.commitments.map((c) => evaluateCommitment(accord, c, inputs.get(c.id) ?? empty, asOf));
  return { accordId: accord.id, asOf, inForce: asOf >= accord.signedAt, commitments };
}

const resolvedActors = new WeakMap<Commitment, Set<string> | undefined>();

/** The actors a commitment's filter names, aliases expanded; memoised since it runs on every event. */
function filterActors(accord: Accord, commitment: Commitment): Set<string> | undefined {
  if (!resolvedActors.has(commitment)) resolvedActors.set(commitment, resolveFilter(commitment.filter, accord).actor);
  return resolvedActors.get(commitment);
}

/** contested when one source says breached and another compliant; else the worst. */
export function overall(verdicts: SourceVerdictValue[]): OverallVerdictValue {
  if (verdicts.includes('breached') && verdicts.includes('compliant')) return 'contested';
  for (const worst of ['breached', 'at_risk', 'compliant', 'fulfilled'] as const) if (verdicts.includes(worst)) return worst;
  return 'insufficient_data';
}

/** The claim of a source whose period ends latest, up to the as-of date. */
function latestClaim(claims: readonly Claim[], source: string, asOf: string): Claim | undefined {
  let latest: Claim | undefined;
  for (const claim of claims) {
    if (claim.source !== source || claim.period.to > asOf) continue;
    if (!latest || claim.period.to > latest.period.to || (claim.period.to === latest.period.to && claim.id > latest.id)) latest = claim;
  }
  return latest;
}

/**
 * A source's evidence: its incidents once it is a witness (its first counting incident is on
 * or before the as-of date), or its claim; the one whose period ends latest decides, on a tie
 * the claim. Neither: no verdict (silence is not compliance).
 */
function decide(
  accord: Accord,
  commitment: Commitment,
  series: DailySeries | undefined,
  claim: Claim | undefined,
  asOf: string,
): Evidence | null {
  const witness = series !== undefined && series.firstPositiveDay(toDayNumber(asOf)) !== null;
  if (claim && (!witness || claim.period.to >= asOf)) return fromClaim(commitment, claim);
  if (witness) return fromIncidents(accord, commitment, series!, asOf);
  return null;
}

function fromIncidents(accord: Accord, commitment: Commitment, series: DailySeries, asOf: string): Evidence {
  const sum = (p: DatePeriod) => series.sum(toDayNumber(p.from), toDayNumber(p.to));
  switch (commitment.kind) {
    case 'reduction': {
      const period = windowEnding(asOf, commitment.window.days);
      const value = sum(period);
      const baseline = baselineOf(accord, commitment, period, series);
      const uncovered: Pick<SourceVerdict, 'reason'> = baseline === null ? { reason: NO_BASELINE_COVERAGE } : {};
      return { basis: 'incidents', value, baseline, period, ...reductionVerdict(value, baseline, commitment), ...uncovered };
    }
    case 'quota': {
      const period = { from: commitment.start, to: asOf };
      const value = sum(period);
      const { verdict, expected } = quotaVerdict(value, asOf, commitment);
      return {
        basis: 'incidents',
        verdict,
        value,
        baseline: null,
        changePct: null,
        period,
        target: commitment.target,
        expected,
        deadline: commitment.deadline,
      };
    }
    case 'prohibition': {
      const period = windowEnding(asOf, commitment.window.days);
      const value = sum(period);
      return { basis: 'incidents', verdict: prohibitionVerdict(value), value, baseline: null, changePct: null, period };
    }
    default:
      return assertNever(commitment);
  }
}

function fromClaim(commitment: Commitment, claim: Claim): Evidence {
  const base = { basis: 'claim' as const, value: claim.value, period: claim.period, claimId: claim.id };
  switch (commitment.kind) {
    case 'reduction': {
      const baseline = claim.baseline?.value ?? (typeof commitment.baseline === 'object' ? commitment.baseline.value : null);
      return { ...base, baseline, ...reductionVerdict(claim.value, baseline, commitment, claim.baseline?.changePct) };
    }
    case 'quota': {
      const { verdict, expected } = quotaVerdict(claim.value, claim.period.to, commitment);
      return { ...base, verdict, baseline: null, changePct: null, target: commitment.target, expected, deadline: commitment.deadline };
    }
    case 'prohibition':
      return { ...base, verdict: prohibitionVerdict(claim.value), baseline: null, changePct: null };
    default:
      return assertNever(commitment);
  }
}

/** Inclusive window of `days` days ending on `asOf`. */
export function windowEnding(asOf: string, days: number): DatePeriod {
  return { from: addDays(asOf, 1 - days), to: asOf };
}

const NO_BASELINE_COVERAGE = 'no coverage of the baseline period';

/**
 * The baseline; an incident-derived one only from a source that was a witness when its period
 * began, since before that its silence is no count of zero (CONTRACT section 10), else null.
 */
function baselineOf(accord: Accord, commitment: ReductionCommitment, period: DatePeriod, series: DailySeries): number | null {
  const { baseline } = commitment;
  if (typeof baseline === 'object') return baseline.value;
  const dates = baselinePeriod(accord, baseline, commitment.window.days, period);
  const from = toDayNumber(dates.from);
  return series.firstPositiveDay(from) === null ? null : series.sum(from, toDayNumber(dates.to));
}

/** The dates an incident-derived baseline covers, for the window `period` of `days` days. */
export function baselinePeriod(
  accord: Pick<Accord, 'signedAt'>,
  baseline: 'previous-year' | 'pre-accord',
  days: number,
  period: DatePeriod,
): DatePeriod {
  return baseline === 'previous-year'
    ? { from: oneYearEarlier(period.from), to: oneYearEarlier(period.to) }
    : windowEnding(addDays(accord.signedAt, -1), days);
}

function assertNever(value: never): never {
  throw new Error(`unhandled commitment kind: ${JSON.stringify(value)}`);
}
