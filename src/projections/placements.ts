import { localDate } from '../compliance/days';
import { IncidentContribution, incidentContribution } from '../compliance/ledger';
import { PlacedIncident } from '../compliance/observation-change';
import type { Incident } from '../observations/observation';

/** The bucket zone of incidents dated without a time: their day is the same in every time zone. */
export const ANY_ZONE = '*';

/** A bare date is the same local day everywhere; only an instant needs a zone to become a day. */
export const sameDayEverywhere = (occurredAt: string) => occurredAt.length === 10;

/**
 * An incident version's contribution in each time zone asked for, its dimensions and metrics
 * worked out once (they do not depend on the zone) and its day once per zone.
 */
export class Placements implements PlacedIncident {
  private readonly base: IncidentContribution;
  private readonly byZone = new Map<string, IncidentContribution>();

  constructor(readonly incident: Incident) {
    this.base = incidentContribution(incident, 'UTC');
  }

  get dims() {
    return this.base.dims;
  }

  in(timezone: string): IncidentContribution {
    if (sameDayEverywhere(this.incident.occurredAt)) return this.base;
    let found = this.byZone.get(timezone);
    if (!found) this.byZone.set(timezone, (found = { ...this.base, day: localDate(this.incident.occurredAt, timezone) }));
    return found;
  }

  /** The zones whose buckets hold it: one row for all of them when its day is the same everywhere. */
  bucketZones(zones: Iterable<string>): Iterable<string> {
    return sameDayEverywhere(this.incident.occurredAt) ? [ANY_ZONE] : zones;
  }
}
