/** The shapes of CONTRACT section 4's compliance response, shared by the API, the verdict feed and alerts. */

export type SourceVerdictValue = 'compliant' | 'at_risk' | 'breached' | 'fulfilled' | 'insufficient_data';
export type OverallVerdictValue = SourceVerdictValue | 'contested';

export interface DatePeriod {
  from: string;
  to: string;
}

export interface SourceVerdict {
  source: string;
  verdict: SourceVerdictValue;
  basis: 'incidents' | 'claim';
  value: number;
  baseline: number | null;
  changePct: number | null;
  period: DatePeriod;
  selfReported: boolean;
  /** quota only */
  target?: number;
  expected?: number;
  deadline?: string;
  /** the claim's id when basis is claim */
  claimId?: string;
  /** why an entry is insufficient_data when its numbers alone do not say */
  reason?: 'no coverage of the baseline period';
  /** incident-derived only: the readings at the low and high ends of the incidents' uncertainty (CONTRACT section 9) */
  bounds?: Bounds;
  /** the verdicts at low, best and high agree (a claim's always do) */
  certain?: boolean;
  /** quota only: when the target is reached at the recent pace, null when it never is or already was */
  projectedCompletion?: string | null;
  /** quota only: how far short of the target the recent pace ends at the deadline */
  projectedShortfall?: number;
}

/** One reading of a source's evidence at an end of its uncertainty. */
export interface Reading {
  value: number;
  baseline: number | null;
  changePct: number | null;
  verdict: SourceVerdictValue;
}

export interface Bounds {
  low: Reading;
  high: Reading;
}

export interface CommitmentVerdict {
  id: string;
  kind: 'reduction' | 'quota' | 'prohibition';
  verdict: OverallVerdictValue;
  sources: SourceVerdict[];
  /** every source entry is certain */
  certain?: boolean;
  target?: number;
  expected?: number;
  deadline?: string;
}

export interface ComplianceReport {
  accordId: string;
  asOf: string;
  /** false for an as-of date before the accord was signed: computed, but nothing was yet owed */
  inForce: boolean;
  commitments: CommitmentVerdict[];
}

/** A source's claimed total (an `aggregate` observation) as the claims projection holds it. */
export interface Claim {
  source: string;
  id: string;
  metric: string;
  /** The aggregate's filter as sent (not yet resolved through an accord's aliases). */
  filter: Record<string, string | string[]>;
  period: DatePeriod;
  value: number;
  /**
   * Resolved per CONTRACT section 1: from `value`, or derived from `changePct`, which is then
   * kept as stated since thresholds judge the stated change (CONTRACT section 10).
   */
  baseline: { period: DatePeriod; value: number; changePct?: number } | null;
}
