import { Severity } from '../compliance/alerts';

/** What Alertmanager's `GET /api/v2/alerts` says of one alert, as far as silences go. */
export interface AlertmanagerAlertStatus {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  status: { state: string; silencedBy: string[]; inhibitedBy: string[] };
}

export interface FiringAlert {
  id: string;
  key: string;
  severity: Severity;
}

export interface SilenceState {
  id: string;
  key: string;
  /** Alertmanager has the alert (it has been posted and not yet forgotten) */
  known: boolean;
  silenced: boolean;
  silencedBy: string[];
  inhibited: boolean;
  /** Alertmanager's form for a new silence of this alert's key, filled in */
  silenceUrl: string;
}

const quoted = (value: string) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/** Alertmanager's UI takes a new silence's matchers in the `filter` of its hash route. */
export function silenceLink(alertmanagerUrl: string, key: string): string {
  return `${alertmanagerUrl.replace(/\/+$/, '')}/#/silences/new?filter=${encodeURIComponent(`{key=${quoted(key)}}`)}`;
}

/**
 * Each firing alert's silence state across the Alertmanagers (a cluster shares silences, so
 * what any one reports counts), matched by the `alertId` annotation and the alert's current
 * severity (a previous severity's Alertmanager alert has ended).
 */
export function silenceStates(
  firing: readonly FiringAlert[],
  reported: readonly AlertmanagerAlertStatus[],
  alertmanagerUrl: string,
): SilenceState[] {
  const byAlert = new Map<string, AlertmanagerAlertStatus[]>();
  for (const entry of reported) {
    const ref = `${entry.annotations.alertId}/${entry.labels.severity}`;
    byAlert.set(ref, [...(byAlert.get(ref) ?? []), entry]);
  }
  return firing.map((alert) => {
    const entries = byAlert.get(`${alert.id}/${alert.severity}`) ?? [];
    const silencedBy = [...new Set(entries.flatMap((e) => e.status.silencedBy ?? []))];
    return {
      id: alert.id,
      key: alert.key,
      known: entries.length > 0,
      silenced: silencedBy.length > 0,
      silencedBy,
      inhibited: entries.some((e) => (e.status.inhibitedBy ?? []).length > 0),
      silenceUrl: silenceLink(alertmanagerUrl, alert.key),
    };
  });
}
