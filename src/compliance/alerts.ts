import { createHash } from 'node:crypto';
import { Alerting } from '../accords/accord.types';
import { toDayNumber } from './days';
import { DatePeriod, OverallVerdictValue } from './verdict.types';

export type Severity = 'warning' | 'critical';

/** The alert JSON of CONTRACT section 4, the same on every channel. */
export interface AlertTransition {
  id: string;
  transition: number;
  key: string;
  accordId: string;
  commitmentId: string;
  source: string;
  state: 'firing' | 'resolved';
  severity: Severity;
  verdict: OverallVerdictValue;
  value: number;
  baseline: number | null;
  changePct: number | null;
  period: DatePeriod;
  /** the first as-of date of the run of the verdict that raised it (CONTRACT section 10) */
  since: string;
  /** the same date: when the line was crossed on the data, not when the data arrived */
  raisedAt: string;
  resolvedAt: string | null;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
}

/**
 * One key's alert state, plain JSON so it persists between restarts. pending: bad, waiting out
 * `forDays`; clearing: good again, waiting out `keepFiringForDays`.
 */
export interface AlertState {
  phase: 'idle' | 'pending' | 'firing' | 'clearing';
  /** alerts this key has raised so far: numbers the next id */
  count: number;
  /** pending: when the bad verdict's run began (so forDays counts on the data's dates); clearing: when it cleared */
  since: string | null;
  alert: AlertTransition | null;
}

export interface Evaluation {
  key: string;
  accordId: string;
  commitmentId: string;
  source: string;
  asOf: string;
  entry: {
    verdict: OverallVerdictValue;
    value: number;
    baseline: number | null;
    changePct: number | null;
    period: DatePeriod;
  } | null;
  /**
   * The first as-of date of the entry's current verdict run; asked for only when an alert
   * could start (so the walk back it costs is not paid on every event). Absent: `asOf`.
   */
  since?: () => string;
}

export const initialAlertState = (): AlertState => ({ phase: 'idle', count: 0, since: null, alert: null });

/** Stable across redelivery and rebuild: the key and the alert's number. */
export function alertId(key: string, n: number): string {
  return `al_${createHash('sha256').update(`${key}#${n}`).digest('hex').slice(0, 24)}`;
}

const SEVERITY: Partial<Record<OverallVerdictValue, Severity>> = { at_risk: 'warning', breached: 'critical' };
const GOOD: ReadonlySet<OverallVerdictValue> = new Set(['compliant', 'fulfilled']);
const daysFrom = (from: string, to: string) => toDayNumber(to) - toDayNumber(from);

export interface AlertDecision {
  state: AlertState;
  transitions: AlertTransition[];
}

/**
 * decide: an evaluation against the state gives the next state and 0 or 1 transitions.
 * at_risk and breached are bad, compliant and fulfilled good; contested and
 * insufficient_data are neither: they cancel a pending alert but do not resolve a firing one.
 * No entry at all means the key's evidence was withdrawn (see withdrawAlert).
 */
export function decideAlert(state: AlertState, evaluation: Evaluation, policy: Alerting): AlertDecision {
  const { entry, asOf } = evaluation;
  if (!entry) return withdrawAlert(state, asOf);
  const severity = SEVERITY[entry.verdict];
  const stay = { state, transitions: [] };
  switch (state.phase) {
    case 'idle':
    case 'pending': {
      if (!severity) return settled(state);
      const since = state.since ?? evaluation.since?.() ?? asOf;
      if (daysFrom(since, asOf) < policy.forDays) return { state: { ...state, phase: 'pending', since }, transitions: [] };
      const alert = fire(evaluation, state.count + 1, severity, since);
      return { state: { phase: 'firing', count: state.count + 1, since: null, alert }, transitions: [alert] };
    }
    case 'firing':
    case 'clearing': {
      const alert = state.alert!;
      if (severity) {
        const back = { ...state, phase: 'firing' as const, since: null };
        if (severity === alert.severity) return { state: back, transitions: [] };
        const next = nextTransition(alert, evaluation, { severity, state: 'firing' });
        return { state: { ...back, alert: next }, transitions: [next] };
      }
      if (!GOOD.has(entry.verdict)) return stay;
      const since = state.since ?? asOf;
      if (daysFrom(since, asOf) < policy.keepFiringForDays) return { state: { ...state, phase: 'clearing', since }, transitions: [] };
      return settled(state, nextTransition(alert, evaluation, { state: 'resolved', resolvedAt: asOf }));
    }
    default:
      return assertNever(state.phase);
  }
}

/**
 * The key's evidence is gone (retracted, revised away, or its commitment dropped from the
 * accord). Nothing is left to keep firing about, so keepFiringForDays (which damps a verdict
 * that clears) does not apply: a firing alert resolves as of `asOf`, keeping the verdict and
 * numbers it last had, and a pending one is dropped.
 */
export function withdrawAlert(state: AlertState, asOf: string): AlertDecision {
  if (!state.alert) return settled(state);
  return settled(state, { ...state.alert, transition: state.alert.transition + 1, state: 'resolved', resolvedAt: asOf });
}

/** Back to idle (the alert count kept), with the resolving transition if an alert was open. */
function settled(state: AlertState, resolved?: AlertTransition): AlertDecision {
  if (state.phase === 'idle') return { state, transitions: [] };
  return { state: { phase: 'idle', count: state.count, since: null, alert: null }, transitions: resolved ? [resolved] : [] };
}

/**
 * Who acknowledged the current alert: a transition of its own (the same state, the next
 * number), so every channel hears of it, and carried in the alert's later transitions.
 */
export function acknowledgeAlert(state: AlertState, by: string, at: string): AlertDecision {
  if (!state.alert || state.alert.acknowledgedBy) return { state, transitions: [] };
  const alert = { ...state.alert, transition: state.alert.transition + 1, acknowledgedBy: by, acknowledgedAt: at };
  return { state: { ...state, alert }, transitions: [alert] };
}

function fire(evaluation: Evaluation, n: number, severity: Severity, raisedAt: string): AlertTransition {
  const entry = evaluation.entry!;
  return {
    id: alertId(evaluation.key, n),
    transition: 1,
    key: evaluation.key,
    accordId: evaluation.accordId,
    commitmentId: evaluation.commitmentId,
    source: evaluation.source,
    state: 'firing',
    severity,
    verdict: entry.verdict,
    value: entry.value,
    baseline: entry.baseline,
    changePct: entry.changePct,
    period: entry.period,
    since: raisedAt,
    raisedAt,
    resolvedAt: null,
    acknowledgedBy: null,
    acknowledgedAt: null,
  };
}

function nextTransition(alert: AlertTransition, evaluation: Evaluation, change: Partial<AlertTransition>): AlertTransition {
  const entry = evaluation.entry!;
  return {
    ...alert,
    transition: alert.transition + 1,
    verdict: entry.verdict,
    value: entry.value,
    baseline: entry.baseline,
    changePct: entry.changePct,
    period: entry.period,
    ...change,
  };
}

function assertNever(value: never): never {
  throw new Error(`unhandled alert phase: ${String(value)}`);
}
