import { QuotaCommitment, ReductionCommitment } from '../accords/accord.types';
import { toDayNumber } from './days';
import { SourceVerdictValue } from './verdict.types';

/**
 * CONTRACT section 3's rules, from numbers to a verdict. Thresholds are strict: a change of
 * exactly breachPct is not yet breached. A change the source stated (`stated`) is judged as
 * stated (CONTRACT section 10).
 */
export function reductionVerdict(
  value: number,
  baseline: number | null,
  rule: Pick<ReductionCommitment, 'threshold' | 'minEvents'>,
  stated?: number,
): { verdict: SourceVerdictValue; changePct: number | null } {
  if (baseline === null) return { verdict: 'insufficient_data', changePct: null };
  // nothing happened and nothing rose, however few the events (CONTRACT section 10)
  if (value === 0 && baseline === 0) return { verdict: 'compliant', changePct: null };
  const changePct = stated ?? (baseline > 0 ? changeOf(value, baseline) : null);
  if (value + baseline < rule.minEvents) return { verdict: 'insufficient_data', changePct };
  if (changePct === null) return { verdict: 'breached', changePct };
  if (changePct > rule.threshold.breachPct) return { verdict: 'breached', changePct };
  if (changePct > rule.threshold.atRiskPct) return { verdict: 'at_risk', changePct };
  return { verdict: 'compliant', changePct };
}

/**
 * (value - baseline) / baseline * 100 with one rounding: from whole counts the numerator is
 * exact, so a change exactly on a decimal threshold rounds to that threshold's own double,
 * where dividing first (or multiplying the threshold by the baseline) can land either side.
 */
function changeOf(value: number, baseline: number): number {
  return ((value - baseline) * 100) / baseline;
}

/** The share of [start, deadline] elapsed by the end of `asOf`, counting whole days. */
export function elapsedShare(rule: Pick<QuotaCommitment, 'start' | 'deadline'>, asOf: string): number {
  const span = toDayNumber(rule.deadline) - toDayNumber(rule.start) + 1;
  const elapsed = toDayNumber(asOf) - toDayNumber(rule.start) + 1;
  return Math.min(Math.max(elapsed / span, 0), 1);
}

export function quotaVerdict(
  cumulative: number,
  asOf: string,
  rule: Pick<QuotaCommitment, 'target' | 'start' | 'deadline' | 'tolerancePct'>,
): { verdict: SourceVerdictValue; expected: number } {
  const expected = rule.target * elapsedShare(rule, asOf);
  if (cumulative >= rule.target) return { verdict: 'fulfilled', expected };
  if (asOf > rule.deadline) return { verdict: 'breached', expected };
  if (cumulative < expected * (1 - rule.tolerancePct / 100)) return { verdict: 'at_risk', expected };
  return { verdict: 'compliant', expected };
}

export function prohibitionVerdict(value: number): SourceVerdictValue {
  return value > 0 ? 'breached' : 'compliant';
}
