import { localDate } from '../compliance/days';
import { IncidentContribution, incidentContribution } from '../compliance/ledger';
import { PlacedIncident } from '../compliance/observation-change';
import type { Incident } from '../observations/observation';

/** The bucket zone of incidents dated without a time: their day is the same in every time zone. */
export const ANY_ZONE = '*';
/** Between the zones of a bucket row's label; no IANA zone name holds it. */
export const ZONE_SEPARATOR = ',';

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

  /**
   * Its bucket rows, as (zone label, contribution): one for all zones when its day is the same
   * everywhere, else one per local day it falls on, labelled with the zones (`zones`, sorted)
   * that give that day; a reader of a zone sums every label naming it (zoneCondition).
   */
  *bucketRows(zones: readonly string[]): Iterable<[string, IncidentContribution]> {
    if (sameDayEverywhere(this.incident.occurredAt)) {
      yield [ANY_ZONE, this.base];
      return;
    }
    const byDay = new Map<string, string[]>();
    for (const tz of zones) {
      const { day } = this.in(tz);
      const group = byDay.get(day);
      if (group) group.push(tz);
      else byDay.set(day, [tz]);
    }
    for (const group of byDay.values()) yield [group.join(ZONE_SEPARATOR), this.in(group[0])];
  }
}
