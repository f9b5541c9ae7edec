/**
 * An accord as the monitor holds it after validation (CONTRACT section 3). Dates are
 * `YYYY-MM-DD` strings, read in the accord's `timezone`.
 */

export type CommitmentFilterValue = string | string[];

/** Keys: actor, target, category, country, admin1, source. A value names an alias group or a literal slug. */
export interface CommitmentFilter {
  actor?: CommitmentFilterValue;
  target?: CommitmentFilterValue;
  category?: CommitmentFilterValue;
  country?: CommitmentFilterValue;
  admin1?: CommitmentFilterValue;
  source?: CommitmentFilterValue;
}

export type Baseline = 'previous-year' | 'pre-accord' | { value: number };

export interface Alerting {
  forDays: number;
  keepFiringForDays: number;
}

interface CommitmentBase {
  id: string;
  metric: string;
  filter: CommitmentFilter;
  alerting: Alerting;
  description?: string;
}

export interface ReductionCommitment extends CommitmentBase {
  kind: 'reduction';
  window: { days: number };
  baseline: Baseline;
  threshold: { atRiskPct: number; breachPct: number };
  minEvents: number;
}

export interface QuotaCommitment extends CommitmentBase {
  kind: 'quota';
  target: number;
  start: string;
  deadline: string;
  tolerancePct: number;
}

export interface ProhibitionCommitment extends CommitmentBase {
  kind: 'prohibition';
  window: { days: number };
}

export type Commitment = ReductionCommitment | QuotaCommitment | ProhibitionCommitment;

export interface Accord {
  id: string;
  name: string;
  signedAt: string;
  timezone: string;
  parties: string[];
  /** Alias group name -> the slugs observations use for it (the group name itself always included). */
  actors: Record<string, string[]>;
  commitments: Commitment[];
}
