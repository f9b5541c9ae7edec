import { Accord, Commitment } from '../accords/accord.types';
import type { Incident } from '../observations/observation';
import { acknowledgeAlert, AlertDecision, AlertState, AlertTransition, decideAlert, initialAlertState, withdrawAlert } from './alerts';
import { commitmentVerdict, CommitmentInput, evaluateCommitment, evaluateSource } from './commitment';
import { addDays, toDayNumber } from './days';
import { claimsFor, DailyTotal, seriesBySource, seriesOf } from './evidence';
import { claimMatches, incidentMatches, resolveFilter, ResolvedFilter } from './filters';
import { metricValue } from './metrics';
import { ObservationChange, Placement } from './observation-change';
import { DailySeries } from './series';
import { Dated, overallSince, sourceSince } from './since';
import { Claim, CommitmentVerdict, OverallVerdictValue, SourceVerdict } from './verdict.types';

/** A key's entry as the verdict feed publishes it: the compliance response's source entry. */
export type VerdictEntry = Omit<SourceVerdict, 'verdict'> & { verdict: OverallVerdictValue };

export interface KeyState {
  key: string;
  accordId: string;
  commitmentId: string;
  source: string;
  /** how many verdict changes this key has had: the revision of its next `verdict.changed` */
  changes: number;
  entry: VerdictEntry | null;
  alert: AlertState;
}

export interface VerdictChange {
  key: string;
  revision: number;
  accordId: string;
  commitmentId: string;
  asOf: string;
  /** null: the source no longer has evidence on this commitment (a tombstone on the feed) */
  entry: Dated<VerdictEntry> | null;
}

export interface MonitorOutput {
  verdicts: VerdictChange[];
  transitions: AlertTransition[];
}

export const emptyOutput = (): MonitorOutput => ({ verdicts: [], transitions: [] });

/** One change an event makes to the evidence: an incident version or a claim enters (+1) or leaves (-1). */
export type EvidenceChange = { incident: Incident; placement: Placement; sign: 1 | -1 } | { claim: Claim; sign: 1 | -1 };

interface LiveCommitment {
  commitment: Commitment;
  filter: ResolvedFilter;
  series: Map<string, DailySeries>;
  claims: Map<string, Claim>;
  /**
   * Each source's verdict as of `entriesAsOf`, in source order. While the clock stands still
   * only the sources an event touched can change, so only they are evaluated again: the cost
   * of an event does not grow with the number of sources.
   */
  entries: Map<string, SourceVerdict>;
  entriesAsOf: string | null;
}

export interface MonitorSeed {
  asOf: string | null;
  totals: Map<string, DailyTotal[]>;
  claims: Claim[];
  keys: KeyState[];
}

export const verdictKey = (accordId: string, commitmentId: string, source: string) => `${accordId}/${commitmentId}/${source}`;

/**
 * One accord's live state, evaluated after every event in stream order. The clock is event
 * time: the latest date seen for the accord, never past today. When it moves, every day it
 * passes is evaluated, so the alert history depends only on the order of the events, never
 * on how they were batched.
 */
export class AccordMonitor {
  private readonly live: LiveCommitment[];
  private readonly keys = new Map<string, KeyState>();
  readonly dirty = new Set<string>();
  private asOf: string | null;
  /** the sources each commitment's evidence changed for, in the current step */
  private touched = new Map<LiveCommitment, Set<string>>();

  constructor(
    readonly accord: Accord,
    seed: MonitorSeed,
  ) {
    this.asOf = seed.asOf;
    this.live = accord.commitments.map((commitment) => ({
      commitment,
      filter: resolveFilter(commitment.filter, accord),
      series: seriesBySource(seed.totals.get(commitment.id) ?? []),
      claims: new Map(claimsFor(commitment, accord, seed.claims).map((claim) => [claimId(claim), claim])),
      entries: new Map(),
      entriesAsOf: null,
    }));
    for (const state of seed.keys) this.keys.set(state.key, state);
  }

  get clock(): string | null {
    return this.asOf;
  }

  keyStates(keys: Iterable<string>): KeyState[] {
    return [...keys].flatMap((key) => this.keys.get(key) ?? []);
  }

  /** The date an incident would move the clock to, if it concerns this accord at all. */
  incidentDate(contribution: Placement): string | null {
    return this.live.some((c) => incidentMatches(contribution.dims, c.filter)) ? contribution.day : null;
  }

  claimDate(claim: Claim): string | null {
    return this.live.some((c) => claimMatches(claim, c.commitment, this.accord)) ? claim.period.to : null;
  }

  /** An incident version enters (+1) or leaves (-1) the evidence. */
  private applyIncident(incident: Incident, placement: Placement, sign: 1 | -1): void {
    for (const c of this.live) {
      if (!incidentMatches(placement.dims, c.filter)) continue;
      const amount = metricValue(incident, c.commitment.metric);
      if (amount === 0) continue;
      seriesOf(c.series, placement.dims.source).add(toDayNumber(placement.day), sign * amount);
      this.touch(c, placement.dims.source);
    }
  }

  private applyClaim(claim: Claim, sign: 1 | -1): void {
    for (const c of this.live) {
      if (!claimMatches(claim, c.commitment, this.accord)) continue;
      if (sign > 0) c.claims.set(claimId(claim), claim);
      else c.claims.delete(claimId(claim));
      this.touch(c, claim.source);
    }
  }

  private touch(c: LiveCommitment, source: string): void {
    let sources = this.touched.get(c);
    if (!sources) this.touched.set(c, (sources = new Set()));
    sources.add(source);
  }

  /**
   * One observation: the clock moves to the day of the version it puts in when that concerns
   * the accord (or the end of the claim it puts in), and the versions it takes out and puts
   * in change the evidence. An observation concerning none of the commitments changes nothing,
   * which is why the projector may leave it out (see AccordRouter).
   */
  apply(change: ObservationChange, today: string): MonitorOutput {
    const tz = this.accord.timezone;
    const before = change.incidentBefore && { incident: change.incidentBefore.incident, placement: change.incidentBefore.in(tz) };
    const after = change.incidentAfter && { incident: change.incidentAfter.incident, placement: change.incidentAfter.in(tz) };
    const date = after ? this.incidentDate(after.placement) : change.claimAfter ? this.claimDate(change.claimAfter) : null;
    const changes: EvidenceChange[] = [];
    if (before) changes.push({ ...before, sign: -1 });
    if (change.claimBefore) changes.push({ claim: change.claimBefore, sign: -1 });
    if (after) changes.push({ ...after, sign: 1 });
    if (change.claimAfter) changes.push({ claim: change.claimAfter, sign: 1 });
    return this.step(date, today, changes);
  }

  /**
   * One event, moving the clock to `date` (null: it does not move it): first the days the
   * clock passes are evaluated with the state before the event, then the event's changes are
   * applied in order, then the evaluation as of the new clock.
   */
  step(date: string | null, today: string, changes: readonly EvidenceChange[]): MonitorOutput {
    const out = emptyOutput();
    const target = date === null ? this.asOf : this.asOf === null || date > this.asOf ? minDate(date, today) : this.asOf;
    if (this.asOf !== null && target !== null) this.sweep(addDays(this.asOf, 1), target, out);
    this.touched = new Map();
    for (const change of changes) {
      if ('claim' in change) this.applyClaim(change.claim, change.sign);
      else this.applyIncident(change.incident, change.placement, change.sign);
    }
    if (target === null) return out;
    const moved = target !== this.asOf;
    this.asOf = target;
    if (moved) {
      this.evaluate(this.live, target, out);
      return out;
    }
    for (const [c, sources] of this.touched) {
      if (c.entriesAsOf === target) this.evaluateSources(c, sources, target, out);
      else this.evaluate([c], target, out);
    }
    return out;
  }

  /**
   * After a (re)definition. The clock comes from everything stored that concerns the accord,
   * data stored before it was defined included (CONTRACT section 10): `latestIncident` (the
   * latest day of an incident matching a commitment's filter) and the claims' latest end move
   * it as an event of that date would. Every day it passes is evaluated, from the signing for
   * an accord that had no clock (alerts begin there), so the alerts that hold on the data fire
   * as if the accord had been defined first, dated by their since. Then every commitment as of
   * the clock; a commitment the new definition dropped leaves no evidence behind, so each of
   * its keys is withdrawn.
   */
  reevaluate(latestIncident: string | null, today: string): MonitorOutput {
    const out = emptyOutput();
    const latest = [latestIncident, ...this.live.flatMap((c) => [...c.claims.values()].map((claim) => claim.period.to))].reduce(
      laterOf,
      this.asOf,
    );
    if (latest === null) return out;
    const target = minDate(latest, today);
    this.sweep(this.asOf === null ? this.accord.signedAt : addDays(this.asOf, 1), target, out);
    this.asOf = target;
    const current = new Set(this.accord.commitments.map((c) => c.id));
    for (const state of this.keys.values()) {
      if (!current.has(state.commitmentId) && holds(state)) this.withdraw(state, target, out);
    }
    this.evaluate(this.live, target, out);
    return out;
  }

  /** The accord is retired: every key holding something is withdrawn, as of the clock (tombstones; firing alerts resolve). */
  retire(today: string): MonitorOutput {
    const out = emptyOutput();
    if (this.asOf === null) return out;
    const asOf = minDate(this.asOf, today);
    for (const state of this.keys.values()) if (holds(state)) this.withdraw(state, asOf, out);
    return out;
  }

  /** Every day in [from, to), each as of itself. */
  private sweep(from: string, to: string, out: MonitorOutput): void {
    for (let day = from; day < to; day = addDays(day, 1)) this.evaluate(this.live, day, out);
  }

  /** The acknowledgement's transition, if the alert is still open on one of this accord's keys. */
  acknowledge(alertId: string, by: string, at: string): AlertTransition[] {
    for (const state of this.keys.values()) {
      if (state.alert.alert?.id === alertId) {
        const decision = acknowledgeAlert(state.alert, by, at);
        state.alert = decision.state;
        this.dirty.add(state.key);
        return decision.transitions;
      }
    }
    return [];
  }

  /** Every source of each commitment, as of `asOf`. */
  private evaluate(commitments: LiveCommitment[], asOf: string, out: MonitorOutput): void {
    for (const c of commitments) {
      const report = evaluateCommitment(this.accord, c.commitment, inputOf(c), asOf);
      c.entries = new Map(report.sources.map((entry) => [entry.source, entry]));
      c.entriesAsOf = asOf;
      for (const entry of report.sources) this.observe(c, entry.source, entry, asOf, out);
      for (const state of this.keys.values()) {
        if (state.commitmentId === c.commitment.id && state.source !== '*' && !c.entries.has(state.source) && holds(state)) {
          this.withdraw(state, asOf, out);
        }
      }
      this.observe(c, '*', overallEntry(report, asOf), asOf, out);
    }
  }

  /**
   * Only `sources` of a commitment whose entries are as of `asOf` already: the others' evidence
   * and date are unchanged, and observing an unchanged entry again changes no key (see
   * decideAlert), so they are skipped. Then the overall verdict over every source's entry.
   */
  private evaluateSources(c: LiveCommitment, sources: Set<string>, asOf: string, out: MonitorOutput): void {
    const input = inputOf(c);
    let added = false;
    for (const source of [...sources].sort()) {
      const entry = evaluateSource(this.accord, c.commitment, input, source, asOf);
      if (entry) {
        added ||= !c.entries.has(source);
        c.entries.set(source, entry);
        this.observe(c, source, entry, asOf, out);
      } else {
        c.entries.delete(source);
        const state = this.keys.get(verdictKey(this.accord.id, c.commitment.id, source));
        if (state && holds(state)) this.withdraw(state, asOf, out);
      }
    }
    if (added) c.entries = new Map([...c.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    this.observe(c, '*', overallEntry(commitmentVerdict(c.commitment, [...c.entries.values()], asOf), asOf), asOf, out);
  }

  private observe(c: LiveCommitment, source: string, entry: VerdictEntry, asOf: string, out: MonitorOutput): void {
    const { commitment } = c;
    const key = verdictKey(this.accord.id, commitment.id, source);
    let state = this.keys.get(key);
    if (!state) {
      state = { key, accordId: this.accord.id, commitmentId: commitment.id, source, changes: 0, entry: null, alert: initialAlertState() };
      this.keys.set(key, state);
    }
    // walked back only where it is published: at a verdict change or an alert that starts
    const since = once(() =>
      source === '*'
        ? overallSince(this.accord, commitment, inputOf(c), asOf, entry.verdict)
        : sourceSince(this.accord, commitment, inputOf(c), source, asOf, entry.verdict),
    );
    // an alert cannot be raised for a date the accord was not yet in force on
    const evaluation = {
      key,
      accordId: this.accord.id,
      commitmentId: commitment.id,
      source,
      asOf,
      entry,
      since: () => maxDate(since(), this.accord.signedAt),
    };
    this.record(state, entry, since, (alert) => decideAlert(alert, evaluation, commitment.alerting), asOf, out);
  }

  /** The key's evidence is gone: a tombstone on the verdict feed, and its alert withdrawn. */
  private withdraw(state: KeyState, asOf: string, out: MonitorOutput): void {
    this.record(state, null, null, (alert) => withdrawAlert(alert, asOf), asOf, out);
  }

  /** The verdict feed sees every date; the alert only the dates the accord is in force on (CONTRACT section 10). */
  private record(
    state: KeyState,
    entry: VerdictEntry | null,
    since: (() => string) | null,
    decide: (alert: AlertState) => AlertDecision,
    asOf: string,
    out: MonitorOutput,
  ): void {
    if ((state.entry?.verdict ?? null) !== (entry?.verdict ?? null)) {
      state.changes += 1;
      const published = entry && { ...entry, since: since!() };
      out.verdicts.push({
        key: state.key,
        revision: state.changes,
        accordId: state.accordId,
        commitmentId: state.commitmentId,
        asOf,
        entry: published,
      });
    }
    state.entry = entry;
    this.dirty.add(state.key);
    if (asOf < this.accord.signedAt) return;
    const decision = decide(state.alert);
    state.alert = decision.state;
    out.transitions.push(...decision.transitions);
  }
}

/**
 * A key with something to withdraw: an entry, or an alert still open on one whose entry is
 * already gone (withdrawn before withdrawal resolved alerts), which this lets resolve.
 */
const holds = (state: KeyState) => state.entry !== null || state.alert.phase !== 'idle';

function once<T>(compute: () => T): () => T {
  let value: { of: T } | undefined;
  return () => (value ??= { of: compute() }).of;
}

const inputOf = (c: LiveCommitment): CommitmentInput => ({ series: c.series, claims: [...c.claims.values()] });
const claimId = (claim: Claim) => `${claim.source}\u0000${claim.id}`;
const minDate = (a: string, b: string) => (a < b ? a : b);
const maxDate = (a: string, b: string) => (a > b ? a : b);
const laterOf = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : maxDate(a, b));

/** The overall entry carries the numbers of the first source that holds the overall verdict. */
function overallEntry(report: CommitmentVerdict, asOf: string): VerdictEntry {
  const decisive = report.sources.find((s) => s.verdict === report.verdict);
  return {
    source: '*',
    verdict: report.verdict,
    basis: decisive?.basis ?? 'incidents',
    value: decisive?.value ?? 0,
    baseline: decisive?.baseline ?? null,
    changePct: decisive?.changePct ?? null,
    period: decisive?.period ?? { from: asOf, to: asOf },
    selfReported: false,
    ...(report.target !== undefined ? { target: report.target, expected: report.expected, deadline: report.deadline } : {}),
  };
}
