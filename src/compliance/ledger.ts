import type { Incident } from '../observations/observation';
import { localDate } from './days';
import { Dims } from './filters';
import { metricValues } from './metrics';

export interface IncidentContribution {
  /** the incident's calendar date in the time zone */
  day: string;
  dims: Dims;
  /** only the metrics it adds a non-zero amount to */
  metrics: Record<string, number>;
}

/** What one incident adds to the daily buckets of a time zone. */
export function incidentContribution(incident: Incident, timezone: string): IncidentContribution {
  return {
    day: localDate(incident.occurredAt, timezone),
    dims: {
      source: incident.source,
      actor: incident.actor ?? '',
      target: incident.target ?? '',
      category: incident.category,
      country: incident.location?.country ?? '',
      admin1: incident.location?.admin1 ?? '',
    },
    metrics: metricValues(incident),
  };
}

/**
 * Whether an observation replaces the current version of its (source, id): only a strictly
 * higher revision does. A retraction carries the highest revision, so nothing counts after it.
 */
export function supersedes(head: { revision: number } | undefined, incoming: { revision: number }): boolean {
  return head === undefined || incoming.revision > head.revision;
}
