import { AlertTransition, Severity } from '../compliance/alerts';
import { DatePeriod } from '../compliance/verdict.types';

/** One entry of Alertmanager's `POST /api/v2/alerts` body. */
export interface AlertmanagerAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  generatorURL?: string;
}

const ALERTNAME: Record<Severity, string> = { critical: 'CeasefireCommitmentBreached', warning: 'CeasefireCommitmentAtRisk' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const whole = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
const percent = (n: number) => `${n > 0 ? '+' : ''}${n.toLocaleString('en-US', { maximumFractionDigits: 1 })}%`;

/** "1 Mar-15 Apr 2020", "1-15 Mar 2020", "1 Dec 2019-15 Jan 2020". */
export function periodText({ from, to }: DatePeriod): string {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  const end = `${td} ${MONTHS[tm - 1]} ${ty}`;
  if (fy !== ty) return `${fd} ${MONTHS[fm - 1]} ${fy}-${end}`;
  if (fm !== tm) return `${fd} ${MONTHS[fm - 1]}-${end}`;
  return `${fd}-${end}`;
}

/** The line a person reads: "reduce-violence: reuters says breached, +70% (4,500 vs 2,647), 1 Mar-15 Apr 2020". */
export function summary(alert: AlertTransition): string {
  const who = alert.source === '*' ? 'overall' : `${alert.source} says`;
  const against = alert.baseline === null ? whole(alert.value) : `${whole(alert.value)} vs ${whole(alert.baseline)}`;
  const figures = alert.changePct === null ? against : `${percent(alert.changePct)} (${against})`;
  return `${alert.commitmentId}: ${who} ${alert.verdict.replace('_', ' ')}, ${figures}, ${periodText(alert.period)}`;
}

/** The commitment on the dashboard. */
export function dashboardLink(publicUrl: string, alert: AlertTransition): string {
  const base = publicUrl.replace(/\/+$/, '');
  return `${base}/?accord=${encodeURIComponent(alert.accordId)}#${encodeURIComponent(alert.commitmentId)}`;
}

export function labels(alert: AlertTransition, severity: Severity = alert.severity): Record<string, string> {
  return {
    alertname: ALERTNAME[severity],
    accord: alert.accordId,
    commitment: alert.commitmentId,
    source: alert.source,
    severity,
    key: alert.key,
  };
}

const figure = (n: number | null) => (n === null ? '' : String(n));

/**
 * `startsAt`: when the monitor raised the alert. A firing alert ends `firingFor` from now
 * unless posted again (as Prometheus does), so Alertmanager resolves what a vanished monitor
 * stops re-posting; a resolved one ends at `resolvedAt`.
 */
export function toAlertmanager(
  alert: AlertTransition,
  times: { startsAt: string; endsAt: string },
  publicUrl: string,
  severity: Severity = alert.severity,
): AlertmanagerAlert {
  const dashboard = dashboardLink(publicUrl, alert);
  return {
    labels: labels(alert, severity),
    annotations: {
      summary: summary(alert),
      verdict: alert.verdict,
      value: String(alert.value),
      baseline: figure(alert.baseline),
      changePct: figure(alert.changePct),
      alertId: alert.id,
      dashboard,
    },
    startsAt: times.startsAt,
    endsAt: times.endsAt,
    generatorURL: dashboard,
  };
}

/**
 * What one stored transition tells Alertmanager. Severity is a label, so a move between
 * at_risk and breached is a new Alertmanager alert: the other severity's is ended with it.
 */
export function fromTransition(
  alert: AlertTransition,
  at: { raisedAt: string; recordedAt: string; firingUntil: string },
  publicUrl: string,
): AlertmanagerAlert[] {
  const startsAt = at.raisedAt;
  if (alert.state === 'resolved') return [toAlertmanager(alert, { startsAt, endsAt: at.recordedAt }, publicUrl)];
  const firing = toAlertmanager(alert, { startsAt, endsAt: at.firingUntil }, publicUrl);
  if (alert.transition === 1) return [firing];
  const other: Severity = alert.severity === 'critical' ? 'warning' : 'critical';
  return [firing, toAlertmanager(alert, { startsAt, endsAt: at.recordedAt }, publicUrl, other)];
}
